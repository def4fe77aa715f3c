package io.sluice.models.tenant;

import java.util.Locale;

/**
 * Neutron's {@code port_forwarding} of a floating IP: inbound-only, one protocol and port of the floating IP
 * to one port of a fixed address (DNAT only; the VM's own outbound traffic does not take the floating IP).
 */
public record PortForwarding(String id, String floatingIpId, String protocol, int externalPort, int internalPort,
                             String internalPortId, String internalIpAddress, String description, long revision) {
    public PortForwarding {
        id = Check.uuid("id", id);
        floatingIpId = Check.uuid("floatingip_id", floatingIpId);
        protocol = protocol == null ? null : protocol.toLowerCase(Locale.ROOT);
        if (!"tcp".equals(protocol) && !"udp".equals(protocol)) {
            throw new ValidationException("protocol", "must be tcp or udp");
        }
        if (externalPort < 1 || externalPort > 65535) {
            throw new ValidationException("external_port", externalPort + " is out of range 1..65535");
        }
        if (internalPort < 1 || internalPort > 65535) {
            throw new ValidationException("internal_port", internalPort + " is out of range 1..65535");
        }
        internalPortId = Check.uuid("internal_port_id", internalPortId);
        internalIpAddress = Check.ipv4("internal_ip_address", internalIpAddress);
        description = Check.name("description", description);
    }
}
