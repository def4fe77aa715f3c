package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API over a store seeded for fuzzing: the admin's external network and a private network of its own, and for
 * each of projects alpha (alice) and beta (bob) the same set of resources: two networks with a subnet each, ports,
 * a router with its gateway and an interface, a floating IP mapped to a port and one with a port forwarding; and a
 * port each on the admin's shared network, to which bob's router is attached.
 * Requests name these by reference ({@code {alpha.network}}), resolved to their ids when sent, so a generator
 * needs no id. The secrets are every id, name and address the admin sees that alice does not: what alice's
 * requests must never get back.
 */
final class FuzzWorld implements AutoCloseable {
    static final String UNKNOWN_ID = "0b0e7d6c-1c9e-4a55-9f5e-000000000000";
    /** Per project, the resources every request generator may name. */
    static final List<String> RESOURCES = List.of("network", "network2", "subnet", "subnet2", "port", "port2",
            "router", "interface", "fip", "fip2", "pf");
    static final List<String> PROJECTS = List.of("alpha", "beta");
    /** Every reference: each project's resources, the admin's, and an id nothing has. */
    static final List<String> REFERENCES = references();
    /** A {reference} in a request's text. */
    static final Pattern REFERENCE = Pattern.compile("\\{([a-z]+(?:\\.[a-z0-9]+)?)}");
    /** The attributes whose values identify a resource or an address. */
    private static final Set<String> IDENTIFYING = Set.of("id", "name", "cidr", "mac_address", "ip_address",
            "floating_ip_address", "fixed_ip_address", "gateway_ip", "network_id", "subnet_id", "port_id", "router_id",
            "device_id", "internal_ip_address", "internal_port_id", "floatingip_id", "start", "end",
            "floating_network_id", "destination", "nexthop");
    private static final List<String> COLLECTIONS = List.of("networks", "subnets", "ports", "routers",
            "floatingips");

    final NeutronFixture api;
    private final Map<String, String> ids = new LinkedHashMap<>();
    private final Set<String> secrets;

    FuzzWorld() throws Exception {
        api = new NeutronFixture();
        api.agent("hv1", true, true);
        ids.put("unknown", UNKNOWN_ID);
        String external = api.externalNetwork("public", "203.0.113.0/24");
        ids.put("admin.external", external);
        String adminNetwork = api.network(ADMIN, "admin-private-net");
        ids.put("admin.network", adminNetwork);
        ids.put("admin.subnet", api.subnet(ADMIN, adminNetwork, "100.64.9.0/24"));
        String shared = api.create(ADMIN, "networks", "{\"network\": {\"name\": \"admin-shared-net\", "
                + "\"shared\": true}}").get("id").asText();
        ids.put("admin.shared", shared);
        ids.put("admin.sharedsubnet", api.subnet(ADMIN, shared, "100.64.8.0/24"));
        seedProject("alpha", ALICE, "100.64.1", external);
        seedProject("beta", BOB, "100.64.2", external);
        // Both projects on the admin's shared network: only bob's router has its gateway address.
        ids.put("alpha.sharedport", api.port(ALICE, shared).get("id").asText());
        ids.put("beta.sharedport", api.create(BOB, "ports", "{\"port\": {\"network_id\": \"" + shared
                + "\", \"name\": \"beta-secret-shared-port\"}}").get("id").asText());
        ids.put("beta.sharedinterface", api.addInterface(BOB, ids.get("beta.router"), ids.get("admin.sharedsubnet")));
        secrets = identifying(ADMIN);
        secrets.removeAll(identifying(ALICE));
        // The external network is everyone's: its subnet's range, gateway and pools are not the admin's secret.
        JsonNode publicSubnets = api.get(ADMIN, "/v2.0/subnets?network_id=" + external).json();
        Set<String> everyones = new HashSet<>();
        collect(publicSubnets, everyones);
        secrets.removeAll(everyones);
    }

    private static List<String> references() {
        List<String> all = new java.util.ArrayList<>();
        PROJECTS.forEach(project -> RESOURCES.forEach(resource -> all.add(project + "." + resource)));
        all.addAll(List.of("admin.external", "admin.network", "admin.subnet", "admin.shared", "admin.sharedsubnet",
                "alpha.sharedport", "beta.sharedport", "beta.sharedinterface", "unknown"));
        return List.copyOf(all);
    }

    /** @param prefix the first three octets of the project's subnets: 100.64.x is no generator's address */
    private void seedProject(String project, String token, String prefix, String external) {
        String network = api.network(token, project + "-secret-net");
        String network2 = api.network(token, project + "-secret-net2");
        String subnet = api.subnet(token, network, prefix + ".0/25");
        String subnet2 = api.subnet(token, network2, prefix + ".128/25");
        String port = api.create(token, "ports", "{\"port\": {\"network_id\": \"" + network + "\", \"name\": \""
                + project + "-secret-port\", \"fixed_ips\": [{\"ip_address\": \"" + prefix + ".5\"}]}}")
                .get("id").asText();
        String port2 = api.port(token, network).get("id").asText();
        String router = api.router(token, external);
        String interfacePort = api.addInterface(token, router, subnet);
        String fip = api.floatingIp(token, external, port).get("id").asText();
        String fip2 = api.floatingIp(token, external, null).get("id").asText();
        NeutronFixture.Response forwarding = api.post(token, "/v2.0/floatingips/" + fip2 + "/port_forwardings",
                "{\"port_forwarding\": {\"protocol\": \"tcp\", \"external_port\": 2222, \"internal_port\": 22, "
                        + "\"internal_port_id\": \"" + port2 + "\", \"internal_ip_address\": \""
                        + api.get(token, "/v2.0/ports/" + port2).at("/port/fixed_ips/0/ip_address").asText() + "\"}}");
        if (forwarding.status() != 201) {
            throw new AssertionError("port forwarding answered " + forwarding.status() + ": " + forwarding.text());
        }
        Map<String, String> made = new LinkedHashMap<>();
        made.put("network", network);
        made.put("network2", network2);
        made.put("subnet", subnet);
        made.put("subnet2", subnet2);
        made.put("port", port);
        made.put("port2", port2);
        made.put("router", router);
        made.put("interface", interfacePort);
        made.put("fip", fip);
        made.put("fip2", fip2);
        made.put("pf", forwarding.at("/port_forwarding/id").asText());
        made.forEach((resource, id) -> ids.put(project + "." + resource, id));
    }

    /** Every identifying value the caller gets from the collections, its floating IPs' forwardings included. */
    private Set<String> identifying(String token) {
        Set<String> values = new HashSet<>();
        for (String collection : COLLECTIONS) {
            JsonNode items = api.get(token, "/v2.0/" + collection).at("/" + collection);
            collect(items, values);
            if (collection.equals("floatingips")) {
                items.forEach(fip -> collect(api.get(token, "/v2.0/floatingips/" + fip.get("id").asText()
                        + "/port_forwardings").json(), values));
            }
        }
        return values;
    }

    private static void collect(JsonNode node, Set<String> into) {
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isTextual() && IDENTIFYING.contains(field.getKey()) && !value.asText().isEmpty()) {
                into.add(value.asText());
            }
            collect(value, into);
        });
        if (node.isArray()) {
            node.forEach(element -> {
                if (element.isTextual()) {
                    into.add(element.asText());
                } else {
                    collect(element, into);
                }
            });
        }
    }

    /**
     * Whether every resource seeded for alpha is still there (the admin reads each): a fuzzed request that
     * deletes one leaves later requests naming it only 404s.
     */
    boolean intact() {
        return Map.of("network", "networks", "network2", "networks", "subnet", "subnets", "subnet2", "subnets",
                "port", "ports", "port2", "ports", "router", "routers", "interface", "ports", "fip", "floatingips",
                "fip2", "floatingips").entrySet().stream().allMatch(e -> api.get(ADMIN, "/v2.0/" + e.getValue()
                + "/" + ids.get("alpha." + e.getKey())).status() == 200)
                && api.get(ADMIN, resolve("/v2.0/floatingips/{alpha.fip2}/port_forwardings/{alpha.pf}")).status()
                == 200;
    }

    /** The text with every {reference} replaced by its id; unknown braces stay as they are. */
    String resolve(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String id = ids.get(matcher.group(1));
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(id == null ? matcher.group() : id));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** What alice must never be told: ids, names and addresses only the admin (or bob) sees. */
    Set<String> secrets() {
        return Set.copyOf(secrets);
    }

    @Override
    public void close() {
        api.close();
    }
}
