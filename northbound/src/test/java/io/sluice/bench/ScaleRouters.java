package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scale benchmark's routers, made through the Neutron API as the admin on behalf of each tenant: one
 * external network (flat, on the network nodes' physical network {@code public}) and, per tenant, {@code R}
 * routers, each with its gateway there, an interface on every R-th of the tenant's first K networks (network n
 * goes to router {@code n mod R}) and {@code F} floating IPs on VM ports of those networks. The controller schedules
 * each router to one of the fleet's network nodes, whose L3 agents plug its legs.
 */
final class ScaleRouters {
    /**
     * How many routers and floating IPs, and on how many network nodes; only the first
     * {@code routedNetworksPerTenant} networks of each tenant get a router interface.
     */
    record Layout(int routersPerTenant, int routedNetworksPerTenant, int floatingIpsPerRouter, int networkNodes) {
        Layout {
            if (routersPerTenant < 0 || routedNetworksPerTenant < routersPerTenant || floatingIpsPerRouter < 0
                    || networkNodes < 0) {
                throw new IllegalArgumentException("router counts must not be negative, and each router needs a "
                        + "routed network");
            }
            if (routersPerTenant > 0 && networkNodes == 0) {
                throw new IllegalArgumentException("routers need at least one network node");
            }
        }
    }

    /** A router, its interfaces' networks and the network node it was scheduled to. */
    record Router(String id, String projectId, List<ScaleModel.Network> networks, String host) {
    }

    record FloatingIp(String id, String address, Router router, ScaleModel.Port port) {
    }

    /** The external network's physical network: the fleet's network nodes map it ({@code FleetHost.EXTERNAL_PHYSNET}). */
    static final String PHYSICAL_NETWORK = "public";
    /** The external network's subnet: 4M addresses, overlapping no tenant's 10.0.0.0/8. */
    private static final String EXTERNAL_CIDR = "100.64.0.0/10";

    private final NeutronClient api;
    private final Token admin;
    private final ScaleModel model;
    private final Layout layout;
    private final List<Router> routers = new ArrayList<>();
    private final List<FloatingIp> floatingIps = new ArrayList<>();
    private String externalNetworkId;

    ScaleRouters(NeutronClient api, Token admin, ScaleModel model, Layout layout) {
        this.api = api;
        this.admin = admin;
        this.model = model;
        this.layout = layout;
    }

    List<Router> routers() {
        return routers;
    }

    List<FloatingIp> floatingIps() {
        return floatingIps;
    }

    /** Router interface and gateway ports: each a leg on a network node, DOWN until that node plugs it. */
    int legs() {
        return routers.stream().mapToInt(r -> r.networks().size() + 1).sum();
    }

    /** The external network, the routers with their gateways and interfaces, and the floating IPs; prints the rate. */
    void create(int clients) throws Exception {
        if (layout.routersPerTenant() == 0) {
            return;
        }
        long start = System.nanoTime();
        model.networks().stream().map(ScaleModel.Network::projectId).distinct().forEach(project ->
                api.expect(200, "PUT", "/v2.0/quotas/" + project, admin, Map.of("quota",
                        Map.of("router", -1, "floatingip", -1))));
        externalNetworkId = api.expect(201, "POST", "/v2.0/networks", admin, Map.of("network", Map.of(
                "name", "scale-public", "router:external", true, "provider:network_type", "flat",
                "provider:physical_network", PHYSICAL_NETWORK))).path("network").path("id").asText();
        api.expect(201, "POST", "/v2.0/subnets", admin, Map.of("subnet", Map.of("network_id", externalNetworkId,
                "ip_version", 4, "cidr", EXTERNAL_CIDR, "enable_dhcp", false)));
        Map<String, List<ScaleModel.Network>> byRouter = new HashMap<>();
        List<ScaleModel.Network> networks = model.networks();
        int perTenant = networks.size()
                / (int) networks.stream().map(ScaleModel.Network::projectId).distinct().count();
        for (int n = 0; n < networks.size(); n++) {
            if (n % perTenant >= layout.routedNetworksPerTenant()) {
                continue;
            }
            int router = n % perTenant % layout.routersPerTenant();
            byRouter.computeIfAbsent(networks.get(n).projectId() + "/" + router, k -> new ArrayList<>())
                    .add(networks.get(n));
        }
        List<List<ScaleModel.Network>> groups = byRouter.values().stream().toList();
        routers.addAll(ScaleModel.parallel(groups.size(), clients, i -> createRouter(groups.get(i))));
        Map<String, List<ScaleModel.Port>> portsByNetwork = new HashMap<>();
        model.ports().forEach(p -> portsByNetwork.computeIfAbsent(p.networkId(), k -> new ArrayList<>()).add(p));
        int perRouter = layout.floatingIpsPerRouter();
        floatingIps.addAll(ScaleModel.parallel(routers.size() * perRouter, clients, i -> {
            Router router = routers.get(i / perRouter);
            int k = i % perRouter;
            List<ScaleModel.Port> ports = portsByNetwork.get(router.networks().get(k % router.networks().size()).id());
            return createFloatingIp(router, ports.get(k / router.networks().size() % ports.size()));
        }));
        System.out.printf(Locale.ROOT, "routers: %d (%d per tenant) with a gateway on the external network (flat, "
                        + "physnet public) and %d interfaces in all, %d floating IPs associated, made in %.1f s; "
                        + "on %d network nodes%n", routers.size(), layout.routersPerTenant(), legs() - routers.size(),
                floatingIps.size(), BenchCluster.seconds(start), layout.networkNodes());
    }

    /** Waits until no floating IP is DOWN: each turns ACTIVE once its router's L3 agent reported it applied. */
    void awaitActive(Duration timeout) {
        BenchCluster.await("all " + floatingIps.size() + " floating IPs ACTIVE", timeout, 500,
                () -> api.expect(200, "GET", "/v2.0/floatingips?status=DOWN&fields=id", admin, null)
                        .path("floatingips").isEmpty());
    }

    /** The switches a change on the network may reach: its hypervisors and its router's network node. */
    Set<String> span(ScaleModel.Network network) {
        Set<String> span = new HashSet<>(network.hosts());
        routers.stream().filter(r -> r.networks().contains(network)).forEach(r -> span.add(r.host()));
        return span;
    }

    /** A network of the router that no floating IP points into (its interface can be detached), if any. */
    Optional<ScaleModel.Network> networkWithoutFloatingIps(Router router) {
        Set<String> used = new HashSet<>();
        floatingIps.forEach(fip -> used.add(fip.port().networkId()));
        return router.networks().stream().filter(n -> !used.contains(n.id())).findFirst();
    }

    /** Detaches or attaches one network's subnet, as the router's project would. */
    void setInterface(Router router, ScaleModel.Network network, boolean attached) {
        api.expect(200, "PUT", "/v2.0/routers/" + router.id() + (attached ? "/add" : "/remove")
                + "_router_interface", admin, Map.of("subnet_id", network.subnetId()));
    }

    /** Points a floating IP at a port, or at none. */
    void associate(FloatingIp fip, String portId) {
        Map<String, Object> change = new HashMap<>();
        change.put("port_id", portId);
        api.expect(200, "PUT", "/v2.0/floatingips/" + fip.id(), admin, Map.of("floatingip", change));
    }

    String status(FloatingIp fip) {
        return api.expect(200, "GET", "/v2.0/floatingips/" + fip.id(), admin, null).path("floatingip")
                .path("status").asText();
    }

    private Router createRouter(List<ScaleModel.Network> networks) {
        String project = networks.get(0).projectId();
        String id = api.expect(201, "POST", "/v2.0/routers", admin, Map.of("router", Map.of("name",
                "scale-router", "project_id", project, "external_gateway_info",
                Map.of("network_id", externalNetworkId)))).path("router").path("id").asText();
        String host = api.expect(200, "GET", "/v2.0/routers/" + id + "/l3-agents", admin, null).path("agents")
                .path(0).path("host").asText(null);
        if (host == null) {
            throw new IllegalStateException("router " + id + " was scheduled to no network node");
        }
        Router router = new Router(id, project, List.copyOf(networks), host);
        networks.forEach(network -> setInterface(router, network, true));
        return router;
    }

    private FloatingIp createFloatingIp(Router router, ScaleModel.Port port) {
        JsonNode fip = api.expect(201, "POST", "/v2.0/floatingips", admin, Map.of("floatingip", Map.of(
                "floating_network_id", externalNetworkId, "project_id", router.projectId(), "port_id", port.id())))
                .path("floatingip");
        return new FloatingIp(fip.path("id").asText(), fip.path("floating_ip_address").asText(), router, port);
    }
}
