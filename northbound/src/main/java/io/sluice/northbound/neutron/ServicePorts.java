package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.MacAllocator;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The ports Neutron creates on its own for routers and floating IPs. They carry routed and translated traffic,
 * whose addresses are not the port's, so port security is off on them (Neutron's firewall skips them too).
 */
final class ServicePorts {
    private final MacAllocator macs = new MacAllocator(new SecureRandom(), MacAllocator.DEFAULT_ATTEMPTS);

    /**
     * @param projectId  "" for gateway and floating IP ports, which belong to no project in Neutron
     * @param requested  the addresses asked for, or null for one from the network's first subnet with room
     */
    Port create(TenantState state, Network network, String projectId, String deviceId, String deviceOwner,
                List<FixedIpPlanner.Request> requested) {
        String id = UUID.randomUUID().toString();
        PortAllocations taken = PortAllocations.of(state, Set.of(network.id()), null);
        List<FixedIp> ips = new FixedIpPlanner(state, network, taken).plan(requested, List.of());
        return new Port(id, projectId, network.id(), "", taken.newMac(macs, network), ips, deviceId,
                deviceOwner, true, false, List.of(), null, null, 0);
    }
}
