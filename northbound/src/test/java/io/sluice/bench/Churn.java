package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Response;
import io.sluice.bench.NeutronClient.Token;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Random creates, updates and deletes of one project's networks, subnets, ports (bound to hypervisors), routers,
 * router interfaces and floating IPs, each a Neutron call, chosen among those the project's current resources
 * allow; and, at the end, the deletion of everything it made. It knows only what it made itself, so other
 * projects' resources (the soak's fixed ones) are never touched. An answer of 4xx (e.g. a 409 for an interface
 * a floating IP still needs) is counted as refused and changes nothing it tracks; a 5xx is counted as an error.
 */
final class Churn {
    private static final int MAX_NETWORKS = 6;
    private static final int MAX_PORTS = 24;
    private static final int MAX_ROUTERS = 4;
    private static final int MAX_FLOATING_IPS = 8;

    /** A network with at most one subnet, and the router its subnet is attached to. */
    private static final class Net {
        final String id;
        String subnetId;
        String routerId;

        Net(String id) {
            this.id = id;
        }
    }

    private record Port(String id, String networkId, String host) {
    }

    private final NeutronClient api;
    private final Token member;
    private final Token admin;
    private final String externalNetworkId;
    private final List<String> hypervisors;
    private final Random random;
    private final Map<String, Net> networks = new LinkedHashMap<>();
    private final Map<String, Port> ports = new LinkedHashMap<>();
    /** Router id to whether it has a gateway. */
    private final Map<String, Boolean> routers = new LinkedHashMap<>();
    /** Floating IP id to the port it maps, or null. */
    private final Map<String, String> floatingIps = new LinkedHashMap<>();
    private int subnetsMade;
    private long operations;
    private long refused;
    private long errors;
    private final List<String> errorSamples = new ArrayList<>();

    Churn(NeutronClient api, Token member, Token admin, String externalNetworkId, List<String> hypervisors,
          long seed) {
        this.api = api;
        this.member = member;
        this.admin = admin;
        this.externalNetworkId = externalNetworkId;
        this.hypervisors = hypervisors;
        this.random = new Random(seed);
    }

    /** Calls answered 2xx. */
    long operations() {
        return operations;
    }

    long refused() {
        return refused;
    }

    long errors() {
        return errors;
    }

    List<String> errorSamples() {
        return errorSamples;
    }

    /** One random operation among those possible now. */
    void step() {
        List<Runnable> possible = new ArrayList<>();
        if (networks.size() < MAX_NETWORKS) {
            possible.add(this::createNetwork);
        }
        if (!networks.isEmpty()) {
            possible.add(() -> update("networks", "network", any(networks.keySet())));
        }
        networks.values().stream().filter(n -> n.subnetId == null).findAny().ifPresent(n -> possible.add(
                () -> createSubnet(n)));
        List<Net> withSubnet = networks.values().stream().filter(n -> n.subnetId != null).toList();
        if (!withSubnet.isEmpty() && ports.size() < MAX_PORTS) {
            possible.add(() -> createPort(any(withSubnet)));
            possible.add(() -> createPort(any(withSubnet)));
        }
        if (!ports.isEmpty()) {
            possible.add(() -> rebindPort(any(ports.values())));
            possible.add(() -> deletePort(any(ports.values())));
        }
        if (routers.size() < MAX_ROUTERS) {
            possible.add(this::createRouter);
        }
        if (!routers.isEmpty()) {
            possible.add(() -> toggleGateway(any(routers.keySet())));
            possible.add(() -> deleteRouter(any(routers.keySet())));
        }
        List<Net> unattached = withSubnet.stream().filter(n -> n.routerId == null).toList();
        if (!unattached.isEmpty() && !routers.isEmpty()) {
            possible.add(() -> addInterface(any(routers.keySet()), any(unattached)));
        }
        List<Net> attached = withSubnet.stream().filter(n -> n.routerId != null).toList();
        if (!attached.isEmpty()) {
            possible.add(() -> removeInterface(any(attached)));
        }
        if (floatingIps.size() < MAX_FLOATING_IPS) {
            possible.add(this::createFloatingIp);
        }
        if (!floatingIps.isEmpty()) {
            possible.add(() -> reassociate(any(floatingIps.keySet())));
            possible.add(() -> deleteFloatingIp(any(floatingIps.keySet())));
        }
        networks.values().stream().filter(n -> n.routerId == null && portsOn(n.id).isEmpty()).findAny()
                .ifPresent(n -> possible.add(() -> deleteNetwork(n)));
        any(possible).run();
    }

    /** Deletes everything it made, floating IPs first, networks last. */
    void deleteAll() {
        new ArrayList<>(floatingIps.keySet()).forEach(this::deleteFloatingIp);
        networks.values().stream().filter(n -> n.routerId != null).toList().forEach(this::removeInterface);
        new ArrayList<>(routers.keySet()).forEach(this::deleteRouter);
        new ArrayList<>(ports.values()).forEach(this::deletePort);
        new ArrayList<>(networks.values()).forEach(this::deleteNetwork);
    }

    /** What the project still holds, by collection, as the API lists it. */
    Map<String, Integer> leftOver() {
        Map<String, Integer> left = new LinkedHashMap<>();
        for (String collection : List.of("floatingips", "routers", "ports", "subnets", "networks")) {
            JsonNode listed = api.expect(200, "GET", "/v2.0/" + collection + "?project_id=" + member.projectId(),
                    member, null).path(collection);
            if (!listed.isEmpty()) {
                left.put(collection, listed.size());
            }
        }
        return left;
    }

    private void createNetwork() {
        created("networks", Map.of("network", Map.of("name", "churn"))).ifPresent(id -> networks.put(id, new Net(id)));
    }

    private void createSubnet(Net net) {
        int k = subnetsMade++;
        String cidr = "10." + (100 + k / 250) + "." + (k % 250) + ".0/24";
        created("subnets", Map.of("subnet", Map.of("network_id", net.id, "ip_version", 4, "cidr", cidr)))
                .ifPresent(id -> net.subnetId = id);
    }

    /** Created as Nova does: the port, then its binding to a hypervisor. */
    private void createPort(Net net) {
        created("ports", Map.of("port", Map.of("network_id", net.id, "name", "churn"))).ifPresent(id -> {
            String host = any(hypervisors);
            ports.put(id, new Port(id, net.id, null));
            if (ok(200, "PUT", "/v2.0/ports/" + id, admin, Map.of("port", Map.of("binding:host_id", host,
                    "device_owner", "compute:nova", "device_id", UUID.randomUUID().toString())))) {
                ports.put(id, new Port(id, net.id, host));
            }
        });
    }

    private void rebindPort(Port port) {
        String host = hypervisors.stream().filter(h -> !h.equals(port.host())).findFirst().orElseThrow();
        if (ok(200, "PUT", "/v2.0/ports/" + port.id(), admin, Map.of("port", Map.of("binding:host_id", host)))) {
            ports.put(port.id(), new Port(port.id(), port.networkId(), host));
        }
    }

    /** Its floating IPs lose their mapping with it, as Neutron does. */
    private void deletePort(Port port) {
        if (ok(204, "DELETE", "/v2.0/ports/" + port.id(), member, null)) {
            ports.remove(port.id());
            floatingIps.entrySet().stream().filter(e -> port.id().equals(e.getValue())).toList()
                    .forEach(e -> floatingIps.put(e.getKey(), null));
        }
    }

    private void createRouter() {
        boolean gateway = random.nextBoolean();
        Map<String, Object> router = new LinkedHashMap<>(Map.of("name", "churn"));
        if (gateway) {
            router.put("external_gateway_info", Map.of("network_id", externalNetworkId));
        }
        created("routers", Map.of("router", router)).ifPresent(id -> routers.put(id, gateway));
    }

    private void toggleGateway(String router) {
        boolean gateway = !routers.get(router);
        Map<String, Object> info = gateway ? Map.of("network_id", externalNetworkId) : Map.of();
        if (ok(200, "PUT", "/v2.0/routers/" + router, member, Map.of("router",
                Collections.singletonMap("external_gateway_info", info)))) {
            routers.put(router, gateway);
        }
    }

    private void deleteRouter(String router) {
        networks.values().stream().filter(n -> router.equals(n.routerId)).toList().forEach(this::removeInterface);
        if (networks.values().stream().noneMatch(n -> router.equals(n.routerId))
                && ok(204, "DELETE", "/v2.0/routers/" + router, member, null)) {
            routers.remove(router);
        }
    }

    private void addInterface(String router, Net net) {
        if (ok(200, "PUT", "/v2.0/routers/" + router + "/add_router_interface", member,
                Map.of("subnet_id", net.subnetId))) {
            net.routerId = router;
        }
    }

    private void removeInterface(Net net) {
        // Floating IPs mapped to its ports reach them through this interface: given back first.
        floatingIps.entrySet().stream().filter(e -> e.getValue() != null
                        && net.id.equals(ports.get(e.getValue()).networkId())).toList()
                .forEach(e -> reassociate(e.getKey()));
        if (ok(200, "PUT", "/v2.0/routers/" + net.routerId + "/remove_router_interface", member,
                Map.of("subnet_id", net.subnetId))) {
            net.routerId = null;
        }
    }

    private void createFloatingIp() {
        Optional<String> port = reachablePort();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("floating_network_id", externalNetworkId));
        port.ifPresent(p -> body.put("port_id", p));
        created("floatingips", Map.of("floatingip", body)).ifPresent(id -> floatingIps.put(id, port.orElse(null)));
    }

    /** Maps an unmapped floating IP to a reachable port, or gives a mapped one back. */
    private void reassociate(String fip) {
        String port = floatingIps.get(fip) == null ? reachablePort().orElse(null) : null;
        if (ok(200, "PUT", "/v2.0/floatingips/" + fip, member, Map.of("floatingip",
                Collections.singletonMap("port_id", port)))) {
            floatingIps.put(fip, port);
        }
    }

    private void deleteFloatingIp(String fip) {
        if (ok(204, "DELETE", "/v2.0/floatingips/" + fip, member, null)) {
            floatingIps.remove(fip);
        }
    }

    private void deleteNetwork(Net net) {
        if (ok(204, "DELETE", "/v2.0/networks/" + net.id, member, null)) {
            networks.remove(net.id);
        }
    }

    /** A port not mapped yet on a subnet whose router has a gateway: one a floating IP can reach. */
    private Optional<String> reachablePort() {
        Set<String> mapped = new HashSet<>(floatingIps.values());
        List<String> reachable = ports.values().stream().filter(p -> !mapped.contains(p.id())).filter(p -> {
            Net net = networks.get(p.networkId());
            return net.routerId != null && routers.get(net.routerId);
        }).map(Port::id).toList();
        return reachable.isEmpty() ? Optional.empty() : Optional.of(any(reachable));
    }

    private List<Port> portsOn(String networkId) {
        return ports.values().stream().filter(p -> p.networkId().equals(networkId)).toList();
    }

    private void update(String collection, String resource, String id) {
        ok(200, "PUT", "/v2.0/" + collection + "/" + id, member, Map.of(resource,
                Map.of("name", "churn-" + operations)));
    }

    private Optional<String> created(String collection, Map<String, Object> body) {
        String resource = body.keySet().iterator().next();
        Response response = call("POST", "/v2.0/" + collection, member, body);
        return response.status() == 201 ? Optional.of(response.json().path(resource).path("id").asText())
                : Optional.empty();
    }

    private boolean ok(int expected, String method, String path, Token token, Object body) {
        return call(method, path, token, body).status() == expected;
    }

    private Response call(String method, String path, Token token, Object body) {
        Response response = api.call(method, path, token, body);
        if (response.status() < 400) {
            operations++;
        } else if (response.status() >= 500) {
            errors++;
            if (errorSamples.size() < 5) {
                errorSamples.add(method + " " + path + " " + response.status() + ": " + response.body());
            }
        } else if (response.status() >= 400) {
            refused++;
        }
        return response;
    }

    private <T> T any(Collection<T> from) {
        List<T> list = List.copyOf(from);
        return list.get(random.nextInt(list.size()));
    }
}
