package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.tenant.ExternalGateway;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Router;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A router's leg on an external network as Neutron's l3_db and ext-gw-mode keep it: a gateway port (device_owner
 * network:router_gateway, no project) with addresses from the external network, created, readdressed, moved or
 * removed as {@code external_gateway_info} asks.
 */
final class RouterGateways {
    private final ServicePorts ports;
    private final RouterPortBinding binding;

    RouterGateways(ServicePorts ports, RouterPortBinding binding) {
        this.ports = ports;
        this.binding = binding;
    }

    /**
     * Plans what the request does to the router's gateway, adding the port changes to {@code changes}.
     *
     * @param action  create_router or update_router, for policy errors
     * @param host    the host the router is scheduled to, where a new gateway port is bound; null for none
     * @param request null when the body leaves the gateway alone
     * @return the router's gateway afterwards, or null for none
     */
    ExternalGateway apply(Policy policy, String action, TenantState state, Router router, String host,
                          GatewayRequest request, Changes changes) {
        ExternalGateway current = router.externalGateway();
        if (request == null) {
            return current;
        }
        Optional<Port> currentPort = L3Topology.gatewayPort(state.model(), router.id());
        if (request.isRemoval()) {
            if (current != null) {
                requireUnusedByFloatingIps(state, router, current.networkId());
                currentPort.ifPresent(changes::delete);
            }
            return null;
        }
        if (!policy.isAdmin()) {
            if (request.enableSnat() != null) {
                throw ApiError.policy("rule:" + action + ":external_gateway_info:enable_snat");
            }
            if (request.externalFixedIps() != null) {
                throw ApiError.policy("rule:" + action + ":external_gateway_info:external_fixed_ips");
            }
        }
        Network network = externalNetwork(policy, state, request.networkId(), "router");
        changes.read(ResourceKey.network(network.id()));
        // ext-gw-mode keeps the router's SNAT setting unless the request names one; a new router's is true.
        boolean snat = request.enableSnat() != null ? request.enableSnat()
                : current == null || current.enableSnat();
        if (current != null && current.networkId().equals(network.id()) && currentPort.isPresent()) {
            Port port = currentPort.get();
            if (request.externalFixedIps() == null) {
                return new ExternalGateway(network.id(), snat, current.externalFixedIps());
            }
            List<FixedIp> ips = new FixedIpPlanner(state, network,
                    PortAllocations.of(state, Set.of(network.id()), port.id())).plan(request.externalFixedIps(),
                    port.fixedIps());
            changes.put(PortHandler.withFixedIps(port, requireAddress(network, ips)));
            ips.forEach(ip -> changes.read(ResourceKey.subnet(ip.subnetId())));
            return new ExternalGateway(network.id(), snat, ips);
        }
        if (current != null) {
            requireUnusedByFloatingIps(state, router, current.networkId());
            currentPort.ifPresent(changes::delete);
        }
        Port port = binding.boundTo(state, host,
                ports.create(state, network, "", router.id(), Router.GATEWAY_OWNER, request.externalFixedIps()));
        requireAddress(network, port.fixedIps());
        changes.put(port, "");
        port.fixedIps().forEach(ip -> changes.read(ResourceKey.subnet(ip.subnetId())));
        return new ExternalGateway(network.id(), snat, port.fixedIps());
    }

    /** The network a gateway or floating IP may use: one the caller sees, with router:external. */
    static Network externalNetwork(Policy policy, TenantState state, String networkId, String resource) {
        Network network = state.model().networks().get(networkId);
        if (network == null || !policy.canSee(network)) {
            throw NetworkJson.SCHEMA.notFound().apply(networkId);
        }
        if (!network.external()) {
            throw ApiError.badResource(resource, "Network " + networkId + " is not a valid external network.");
        }
        return network;
    }

    private static List<FixedIp> requireAddress(Network network, List<FixedIp> ips) {
        if (ips.isEmpty()) {
            throw ApiError.badResource("router", "No IPs available for external network " + network.id() + ".");
        }
        return ips;
    }

    /** Floating IPs mapped through the router need its gateway where it is. */
    private static void requireUnusedByFloatingIps(TenantState state, Router router, String networkId) {
        boolean used = state.model().floatingIps().values().stream()
                .anyMatch(f -> L3Topology.routerOf(state.model(), f).filter(router.id()::equals).isPresent());
        if (used) {
            throw ApiError.conflict("RouterExternalGatewayInUseByFloatingIp", "Gateway cannot be updated for router "
                    + router.id() + ", since a gateway to external network " + networkId
                    + " is required by one or more floating IPs.");
        }
    }
}
