package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.IPAddressString;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * PUT /v2.0/routers/{id}/add_router_interface and remove_router_interface, by subnet (a new port holding the
 * subnet's gateway address) or by an unused port, with Neutron's checks: one port per subnet, no overlapping
 * subnets on one router, nothing removed that a floating IP, port forwarding or static route still needs.
 * As in Neutron, the interface port is bound to the router's L3 agent host; on an MPLS network that gives it
 * the label traffic to the router is sent with.
 */
final class RouterInterfaces {
    private final TenantRepository repository;
    private final ServicePorts ports;
    private final RouterPortBinding binding;

    RouterInterfaces(TenantRepository repository, ServicePorts ports, RouterPortBinding binding) {
        this.repository = repository;
        this.ports = ports;
        this.binding = binding;
    }

    private record Request(String subnetId, String portId) {
    }

    Reply add(Call call) {
        Request request = parse(call.body());
        if (request.subnetId() != null && request.portId() != null) {
            throw ApiError.badResource("router", "Cannot specify both subnet-id and port-id");
        }
        AtomicReference<String> portId = new AtomicReference<>();
        TenantState after = repository.mutate(state -> {
            Router router = RouterHandler.visible(call, state, call.id());
            Changes changes = Changes.of();
            // Where the router is scheduled; unscheduled, the port keeps its binding.
            Port port = binding.boundTo(state, state.model().routerHosts().get(router.id()), request.portId() != null
                    ? byPort(call, state, router, request.portId()) : bySubnet(call, state, router, request.subnetId()));
            changes.put(port, null).read(ResourceKey.network(port.networkId()));
            port.fixedIps().forEach(ip -> changes.read(ResourceKey.subnet(ip.subnetId())));
            portId.set(port.id());
            return changes;
        });
        return Reply.ok(info(after.model().routers().get(call.id()), after.model().ports().get(portId.get())));
    }

    Reply remove(Call call) {
        Request request = parse(call.body());
        AtomicReference<Map<String, Object>> reply = new AtomicReference<>();
        repository.mutate(state -> {
            Router router = RouterHandler.visible(call, state, call.id());
            Port port = request.portId() != null ? interfacePort(state.model(), router, request.portId())
                    : interfaceOn(state.model(), router, request.subnetId());
            if (request.subnetId() != null && !PortJson.hasAddressOn(port, request.subnetId())) {
                throw notOnSubnet(router, request.subnetId());
            }
            for (FixedIp ip : port.fixedIps()) {
                requireUnused(state.model(), router, state.model().subnets().get(ip.subnetId()));
            }
            reply.set(info(router, port));
            return Changes.of().delete(port);
        });
        return Reply.ok(reply.get());
    }

    private static Request parse(String body) {
        JsonNode root = Attrs.readJson(body);
        if (!root.isObject()) {
            throw ApiError.badRequest("Body contains invalid data");
        }
        Set<String> unknown = new TreeSet<>();
        root.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(Set.of("subnet_id", "port_id"));
        if (!unknown.isEmpty()) {
            throw ApiError.badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
        String subnet = Attrs.text("subnet_id", root.get("subnet_id"));
        String port = Attrs.text("port_id", root.get("port_id"));
        if (subnet == null && port == null) {
            throw ApiError.badResource("router", "Either subnet_id or port_id must be specified");
        }
        return new Request(subnet == null ? null : Attrs.uuid("subnet_id", subnet),
                port == null ? null : Attrs.uuid("port_id", port));
    }

    private Port bySubnet(Call call, TenantState state, Router router, String subnetId) {
        Subnet subnet = SubnetHandler.visible(call, state, subnetId);
        if (subnet.gatewayIp() == null) {
            throw ApiError.badResource("router", "Subnet for router interface must have a gateway IP");
        }
        checkAttachable(state.model(), router, List.of(subnet));
        Network network = state.model().networks().get(subnet.networkId());
        // Neutron gives the interface port to the subnet's project.
        return ports.create(state, network, subnet.projectId(), router.id(), Router.INTERFACE_OWNER,
                List.of(new FixedIpPlanner.Request(subnet.id(), subnet.gatewayIp())));
    }

    private static Port byPort(Call call, TenantState state, Router router, String portId) {
        Port port = state.model().ports().get(portId);
        if (port == null || !call.policy().canSee(state.model(), port)) {
            throw PortJson.SCHEMA.notFound().apply(portId);
        }
        if (!port.deviceId().isEmpty()) {
            throw ApiError.conflict("PortInUse", "Unable to complete operation on port " + port.id()
                    + " for network " + port.networkId() + ". Port already has an attached device "
                    + port.deviceId() + ".");
        }
        if (port.fixedIps().isEmpty()) {
            throw ApiError.badResource("router", "Router port must have at least one fixed IP");
        }
        if (port.fixedIps().stream().map(FixedIp::subnetId).distinct().count() > 1) {
            throw ApiError.badResource("router", "Cannot have multiple IPv4 subnets on router port");
        }
        List<Subnet> subnets = port.fixedIps().stream().map(ip -> state.model().subnets().get(ip.subnetId()))
                .distinct().toList();
        checkAttachable(state.model(), router, subnets);
        return new Port(port.id(), port.projectId(), port.networkId(), port.name(), port.macAddress(),
                port.fixedIps(), router.id(), Router.INTERFACE_OWNER, port.adminStateUp(), port.portSecurityEnabled(),
                port.allowedAddressPairs(), port.binding(), port.status(), port.revision());
    }

    /** One port per subnet, and no subnet overlapping one the router already has (its gateway's included). */
    private static void checkAttachable(TenantModel model, Router router, List<Subnet> subnets) {
        List<Subnet> attached = L3Topology.attachedSubnets(model, router.id());
        for (Subnet subnet : subnets) {
            for (Subnet other : attached) {
                if (other.id().equals(subnet.id())) {
                    throw ApiError.badResource("router", "Router already has a port on subnet " + subnet.id());
                }
                if (new IPAddressString(other.cidr()).getAddress().overlaps(new IPAddressString(subnet.cidr()).getAddress())) {
                    throw ApiError.badResource("router", "Cidr " + subnet.cidr() + " of subnet " + subnet.id()
                            + " overlaps with cidr " + other.cidr() + " of subnet " + other.id());
                }
            }
        }
    }

    private static Port interfacePort(TenantModel model, Router router, String portId) {
        return L3Topology.interfaces(model, router.id()).stream().filter(p -> p.id().equals(portId)).findFirst()
                .orElseThrow(() -> ApiError.notFound("RouterInterfaceNotFound", "Router " + router.id()
                        + " does not have an interface with id " + portId));
    }

    private static Port interfaceOn(TenantModel model, Router router, String subnetId) {
        return L3Topology.interfaces(model, router.id()).stream().filter(p -> PortJson.hasAddressOn(p, subnetId))
                .findFirst().orElseThrow(() -> notOnSubnet(router, subnetId));
    }

    private static ApiError notOnSubnet(Router router, String subnetId) {
        return ApiError.notFound("RouterInterfaceNotFoundForSubnet", "Router " + router.id()
                + " has no interface on subnet " + subnetId);
    }

    /** Floating IPs and port forwardings of addresses on the subnet, and routes via it, need the interface. */
    private static void requireUnused(TenantModel model, Router router, Subnet subnet) {
        boolean byFloatingIp = model.floatingIps().values().stream().anyMatch(f ->
                router.id().equals(f.routerId()) && subnet.contains(f.fixedIpAddress())
                        && L3Topology.subnetOf(model, f.portId(), f.fixedIpAddress()).filter(subnet.id()::equals)
                        .isPresent());
        boolean byForwarding = model.portForwardings().values().stream().anyMatch(pf ->
                L3Topology.subnetOf(model, pf.internalPortId(), pf.internalIpAddress()).filter(subnet.id()::equals)
                        .isPresent() && L3Topology.routerOf(model, model.floatingIps().get(pf.floatingIpId()))
                        .filter(router.id()::equals).isPresent());
        if (byFloatingIp || byForwarding) {
            throw ApiError.conflict("RouterInterfaceInUseByFloatingIP", "Router interface for subnet " + subnet.id()
                    + " on router " + router.id() + " cannot be deleted, as it is required by one or more "
                    + "floating IPs.");
        }
        if (router.routes().stream().anyMatch(r -> subnet.contains(r.nexthop()))) {
            throw ApiError.conflict("RouterInterfaceInUseByRoute", "Router interface for subnet " + subnet.id()
                    + " on router " + router.id() + " cannot be deleted, as it is required by one or more routes.");
        }
    }

    /** Neutron's answer to both calls. */
    private static Map<String, Object> info(Router router, Port port) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", router.id());
        Views.project(info, router.projectId());
        info.put("port_id", port.id());
        info.put("network_id", port.networkId());
        info.put("subnet_id", port.fixedIps().isEmpty() ? null : port.fixedIps().get(0).subnetId());
        info.put("subnet_ids", port.fixedIps().stream().map(FixedIp::subnetId).distinct().toList());
        return info;
    }
}
