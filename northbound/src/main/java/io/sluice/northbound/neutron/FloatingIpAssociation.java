package io.sluice.northbound.neutron;

import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.TenantModel;
import java.util.List;

/**
 * Neutron's checks when a floating IP is mapped to a port's fixed address (l3_db's _get_assoc_data): the port is
 * the floating IP's project's, the address one of the port's IPv4 addresses (named when it has several), a router
 * joins the address's subnet to the floating IP's network, and no other floating IP of that network maps it.
 *
 * @param fixedIpAddress the port's address the floating IP maps to
 * @param routerId       the router that carries the mapping
 */
record FloatingIpAssociation(String portId, String fixedIpAddress, String routerId) {
    static final FloatingIpAssociation NONE = new FloatingIpAssociation(null, null, null);

    /**
     * @param requestedFixedIp the fixed_ip_address asked for, or null to take the port's only IPv4 address
     */
    static FloatingIpAssociation of(Policy policy, TenantModel model, FloatingIp fip, String portId,
                                    String requestedFixedIp) {
        Port port = model.ports().get(portId);
        if (port == null || !policy.canSee(model, port)) {
            throw PortJson.SCHEMA.notFound().apply(portId);
        }
        if (!port.projectId().equals(fip.projectId()) && !policy.isAdmin()) {
            throw ApiError.badResource("floatingip", "Cannot create floating IP and bind it to Port " + portId
                    + ", since that port is owned by a different tenant.");
        }
        FixedIp fixed = fixedIp(port, requestedFixedIp);
        Router router = L3Topology.routerFor(model, fip.floatingNetworkId(), fixed.subnetId())
                .orElseThrow(() -> ApiError.notFound("ExternalGatewayForFloatingIPNotFound", "External network "
                        + fip.floatingNetworkId() + " is not reachable from subnet " + fixed.subnetId()
                        + ".  Therefore, cannot associate Port " + portId + " with a Floating IP."));
        model.floatingIps().values().stream()
                .filter(other -> !other.id().equals(fip.id()) && portId.equals(other.portId())
                        && fixed.ipAddress().equals(other.fixedIpAddress())
                        && other.floatingNetworkId().equals(fip.floatingNetworkId()))
                .findFirst().ifPresent(other -> {
                    throw ApiError.conflict("FloatingIPPortAlreadyAssociated", "Cannot associate floating IP "
                            + fip.floatingIpAddress() + " (" + fip.id() + ") with port " + portId
                            + " using fixed IP " + fixed.ipAddress() + ", as that fixed IP already has a floating IP "
                            + "on external network " + fip.floatingNetworkId() + ".");
                });
        if (!L3Topology.forwardingsOf(model, fip.id()).isEmpty()) {
            throw ApiError.conflict("FipInUseByPortForwarding", "Floating IP " + fip.id()
                    + " in use by Port Forwarding resources.");
        }
        return new FloatingIpAssociation(portId, fixed.ipAddress(), router.id());
    }

    /** The floating IP with this association: DOWN when it changed, until the L3 agent has applied it. */
    FloatingIp applyTo(FloatingIp fip, String description) {
        boolean same = new FloatingIpAssociation(fip.portId(), fip.fixedIpAddress(), fip.routerId()).equals(this);
        return new FloatingIp(fip.id(), fip.projectId(), fip.floatingNetworkId(), fip.floatingIpAddress(), portId,
                fixedIpAddress, routerId, description, same ? fip.status() : PortStatus.DOWN, fip.revision());
    }

    private static FixedIp fixedIp(Port port, String requested) {
        List<FixedIp> ips = port.fixedIps();
        if (requested != null) {
            return ips.stream().filter(ip -> ip.ipAddress().equals(requested)).findFirst()
                    .orElseThrow(() -> ApiError.badResource("floatingip", "Port " + port.id()
                            + " does not have fixed ip " + requested));
        }
        if (ips.isEmpty()) {
            throw ApiError.badResource("floatingip", "Cannot add floating IP to port " + port.id()
                    + " that has no fixed IPv4 addresses");
        }
        if (ips.size() > 1) {
            throw ApiError.badResource("floatingip", "Port " + port.id() + " has multiple fixed IPv4 addresses.  "
                    + "Must provide a specific IPv4 address when assigning a floating IP");
        }
        return ips.get(0);
    }
}
