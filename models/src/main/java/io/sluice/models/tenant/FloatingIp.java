package io.sluice.models.tenant;

/**
 * A floating IP: an address of an external network, optionally mapped to one fixed address of a port that a
 * router with a gateway on that network reaches. Its address is held by a port with
 * {@code device_owner=network:floatingip} on the external network, so IPAM never hands it out twice.
 *
 * @param portId         the associated port, or null when unassociated
 * @param fixedIpAddress the associated port's address it maps to, or null when unassociated
 * @param routerId       the router that carries the mapping (derived at association), or null
 * @param status         ACTIVE once the hosting router applied it, DOWN otherwise
 */
public record FloatingIp(String id, String projectId, String floatingNetworkId, String floatingIpAddress,
                         String portId, String fixedIpAddress, String routerId, String description,
                         PortStatus status, long revision) {
    public static final String OWNER = "network:floatingip";

    public FloatingIp {
        id = Check.uuid("id", id);
        Check.name("project_id", projectId);
        floatingNetworkId = Check.uuid("floating_network_id", floatingNetworkId);
        floatingIpAddress = Check.ipv4("floating_ip_address", floatingIpAddress);
        if ((portId == null) != (fixedIpAddress == null) || (portId == null) != (routerId == null)) {
            throw new ValidationException("port_id", "an association needs a port, its fixed address and a router");
        }
        if (portId != null) {
            portId = Check.uuid("port_id", portId);
            fixedIpAddress = Check.ipv4("fixed_ip_address", fixedIpAddress);
            routerId = Check.uuid("router_id", routerId);
        }
        description = Check.name("description", description);
        status = status == null ? PortStatus.DOWN : status;
    }

    public boolean isAssociated() {
        return portId != null;
    }
}
