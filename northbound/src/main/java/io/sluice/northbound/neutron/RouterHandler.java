package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.controller.l3.RouterScheduler;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.tenant.ExternalGateway;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.HostRoute;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.ValidationException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * /v2.0/routers: legacy routers with an external gateway (ext-gw-mode) and static routes (extraroute). A new
 * router is scheduled at once to the least loaded alive L3 agent, as Neutron does when L3 agents exist.
 */
final class RouterHandler {
    private static final Set<String> POST = Set.of("name", "tenant_id", "project_id", "admin_state_up",
            "external_gateway_info", "description");
    private static final Set<String> PUT = Set.of("name", "admin_state_up", "external_gateway_info", "routes",
            "description");

    private final TenantRepository repository;
    private final Quotas quotas;
    private final AgentView agents;
    private final RouterGateways gateways;

    RouterHandler(TenantRepository repository, Quotas quotas, AgentView agents, ServicePorts ports,
                  RouterPortBinding binding) {
        this.repository = repository;
        this.quotas = quotas;
        this.agents = agents;
        this.gateways = new RouterGateways(ports, binding);
    }

    Reply list(Call call) {
        TenantState state = repository.state();
        return Resources.list(call, RouterJson.SCHEMA, state.model().routers().values().stream()
                .filter(r -> call.policy().owns(r.projectId())).map(r -> view(state, r)).toList());
    }

    Reply show(Call call) {
        TenantState state = repository.state();
        return Resources.show(call, RouterJson.SCHEMA, "router", view(state, visible(call, state, call.id())));
    }

    Reply create(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "router", true, POST, PUT, RouterJson.SCHEMA.attributes().keySet());
        Policy policy = call.policy();
        String project = policy.owner(attrs.string("project_id", null), attrs.string("tenant_id", null));
        GatewayRequest gatewayRequest = GatewayRequest.parse(attrs);
        String id = UUID.randomUUID().toString();
        String name = attrs.string("name", "");
        boolean adminStateUp = attrs.bool("admin_state_up", true);
        String description = attrs.string("description", "");
        List<String> l3Hosts = aliveL3Hosts();
        TenantState after = repository.mutate(state -> {
            quotas.check(state, project, "router", 1);
            Changes changes = Changes.of();
            Router bare = new Router(id, project, name, description, adminStateUp, null, List.of(), 0);
            String host = RouterScheduler.choose(l3Hosts, state.model().routerHosts()).orElse(null);
            ExternalGateway gateway = gateways.apply(policy, "create_router", state, bare, host, gatewayRequest,
                    changes);
            changes.put(new Router(id, project, name, description, adminStateUp, gateway, List.of(), 0), description);
            if (host != null) {
                changes.routerHost(id, host);
            }
            return changes;
        });
        return Reply.created(Map.of("router", view(after, after.model().routers().get(id))));
    }

    Reply update(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "router", false, POST, PUT, RouterJson.SCHEMA.attributes().keySet());
        Policy policy = call.policy();
        GatewayRequest gatewayRequest = GatewayRequest.parse(attrs);
        List<HostRoute> routes = routes(attrs);
        TenantState after = repository.mutate(state -> {
            Router old = visible(call, state, call.id());
            Changes changes = Changes.of();
            ExternalGateway gateway = gateways.apply(policy, "update_router", state, old,
                    state.model().routerHosts().get(old.id()), gatewayRequest, changes);
            if (routes != null) {
                checkNextHops(state, old, routes);
            }
            String description = attrs.string("description", old.description());
            changes.put(new Router(old.id(), old.projectId(), attrs.string("name", old.name()), description,
                    attrs.bool("admin_state_up", old.adminStateUp()), gateway, routes != null ? routes : old.routes(),
                    old.revision()), description);
            return changes;
        });
        return Reply.ok(Map.of("router", view(after, after.model().routers().get(call.id()))));
    }

    Reply delete(Call call) {
        repository.mutate(state -> {
            Router router = visible(call, state, call.id());
            if (!L3Topology.interfaces(state.model(), router.id()).isEmpty()) {
                throw ApiError.conflict("RouterInUse", "Router " + router.id() + " still has ports");
            }
            Changes changes = Changes.of().delete(router);
            L3Topology.gatewayPort(state.model(), router.id()).ifPresent(changes::delete);
            if (state.model().routerHosts().containsKey(router.id())) {
                changes.routerHost(router.id(), null);
            }
            return changes;
        });
        return Reply.noContent();
    }

    static Map<String, Object> view(TenantState state, Router router) {
        return RouterJson.view(router, state.standard(ResourceKey.router(router.id())).orElseThrow());
    }

    /** The router if the caller owns it (routers are seen by their project and the admin only), else 404. */
    static Router visible(Call call, TenantState state, String id) {
        Router router = state.model().routers().get(id);
        if (router == null || !call.policy().owns(router.projectId())) {
            throw RouterJson.SCHEMA.notFound().apply(id);
        }
        return router;
    }

    private List<String> aliveL3Hosts() {
        return agents.agents().stream().filter(a -> a.info().l3() && a.alive()).map(a -> a.info().host()).toList();
    }

    private static List<HostRoute> routes(Attrs attrs) {
        return attrs.list("routes", e -> {
            ObjectNode route = Attrs.dict("routes", e, Set.of("destination", "nexthop"));
            JsonNode destination = route.get("destination");
            try {
                return new HostRoute(Attrs.text("routes", destination), Attrs.text("routes", route.get("nexthop")));
            } catch (ValidationException invalid) {
                throw invalidRoutes(e.toString(), invalid.getMessage());
            }
        });
    }

    /** extraroute's rule: each next hop is on a subnet the router is attached to, and not the router itself. */
    private static void checkNextHops(TenantState state, Router router, List<HostRoute> routes) {
        List<Subnet> attached = L3Topology.attachedSubnets(state.model(), router.id());
        Set<String> own = new HashSet<>();
        state.model().ports().values().stream().filter(p -> p.deviceId().equals(router.id()))
                .forEach(p -> p.fixedIps().stream().map(FixedIp::ipAddress).forEach(own::add));
        for (HostRoute route : routes) {
            String text = "{'destination': '" + route.destination() + "', 'nexthop': '" + route.nexthop() + "'}";
            if (attached.stream().noneMatch(s -> s.contains(route.nexthop()))) {
                throw invalidRoutes(text, "the nexthop is not connected with router");
            }
            if (own.contains(route.nexthop())) {
                throw invalidRoutes(text, "the nexthop is used by router");
            }
        }
    }

    private static ApiError invalidRoutes(String routes, String reason) {
        return new ApiError(400, "InvalidRoutes", "Invalid format for routes: " + routes + ", " + reason + ".");
    }
}
