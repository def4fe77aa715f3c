package io.sluice.models.tenant;

import java.util.List;

/**
 * A port on a network: a VM's interface, a router's interface or gateway, a DHCP server.
 *
 * @param fixedIps            its addresses, each on a subnet of its network
 * @param deviceOwner         e.g. compute:nova, network:router_interface
 * @param portSecurityEnabled when true the port may send only from its own MAC and addresses (plus pairs)
 */
public record Port(String id, String projectId, String networkId, String name, String macAddress,
                   List<FixedIp> fixedIps, String deviceId, String deviceOwner, boolean adminStateUp,
                   boolean portSecurityEnabled, List<AllowedAddressPair> allowedAddressPairs, PortBinding binding,
                   PortStatus status, long revision) {
    public Port {
        id = Check.uuid("id", id);
        Check.name("project_id", projectId);
        projectId = Check.shared(projectId);
        networkId = Check.uuid("network_id", networkId);
        name = Check.name("name", name);
        macAddress = Check.mac("mac_address", macAddress);
        fixedIps = Check.list(fixedIps);
        deviceId = Check.name("device_id", deviceId);
        deviceOwner = Check.shared(Check.name("device_owner", deviceOwner));
        allowedAddressPairs = Check.list(allowedAddressPairs);
        binding = binding == null ? PortBinding.UNBOUND : binding;
        status = status == null ? PortStatus.DOWN : status;
        if (fixedIps.stream().map(FixedIp::ipAddress).distinct().count() != fixedIps.size()) {
            throw new ValidationException("fixed_ips", "the same address twice");
        }
    }

    /**
     * The port without what only records its history: status DOWN and revision 0. Two ports equal this way
     * are switched the same way (the status is derived from the flows, never an input to them).
     */
    public Port withoutBookkeeping() {
        return new Port(id, projectId, networkId, name, macAddress, fixedIps, deviceId, deviceOwner, adminStateUp,
                portSecurityEnabled, allowedAddressPairs, binding, PortStatus.DOWN, 0);
    }

    public Port withBinding(PortBinding newBinding) {
        return new Port(id, projectId, networkId, name, macAddress, fixedIps, deviceId, deviceOwner, adminStateUp,
                portSecurityEnabled, allowedAddressPairs, newBinding, status, revision);
    }

    public Port withStatus(PortStatus newStatus) {
        return new Port(id, projectId, networkId, name, macAddress, fixedIps, deviceId, deviceOwner, adminStateUp,
                portSecurityEnabled, allowedAddressPairs, binding, newStatus, revision);
    }
}
