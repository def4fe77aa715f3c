package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The scale benchmark's tenant model, made through the Neutron API as the admin on behalf of each tenant:
 * {@code tenants × networksPerTenant} networks (network types taken in turn from the list), each with one
 * /20 subnet (DHCP on), and {@code hypervisors × portsPerHypervisor} VM ports, bound to their hypervisor as
 * Nova binds them. Port k is on hypervisor {@code k mod H} and in network {@code k / (P / N)}: a network's
 * ports sit on consecutive hypervisors, so each port's network spans {@code min(H, P / N)} switches.
 */
final class ScaleModel {
    /** The shape of the cloud. */
    record Shape(int hypervisors, int portsPerHypervisor, int tenants, int networksPerTenant,
                 List<String> networkTypes) {
        Shape {
            if (hypervisors < 1 || portsPerHypervisor < 1 || tenants < 1 || networksPerTenant < 1) {
                throw new IllegalArgumentException("every count must be at least 1");
            }
            if (hypervisors * portsPerHypervisor % (tenants * networksPerTenant) != 0) {
                throw new IllegalArgumentException(hypervisors * portsPerHypervisor + " ports do not spread evenly "
                        + "over " + tenants * networksPerTenant + " networks");
            }
            networkTypes = List.copyOf(networkTypes);
        }

        int ports() {
            return hypervisors * portsPerHypervisor;
        }

        int networks() {
            return tenants * networksPerTenant;
        }

        int portsPerNetwork() {
            return ports() / networks();
        }

        /** The emulated hypervisor port k is plugged on (the fleet names them sf-hv0001...). */
        String hostOfPort(int k) {
            return hostName(k % hypervisors + 1);
        }

        static String hostName(int index) {
            return String.format(Locale.ROOT, "sf-hv%04d", index);
        }
    }

    record Network(String id, String subnetId, String projectId, String type, List<String> hosts) {
    }

    record Port(String id, String host, String mac, String networkId) {
    }

    private final NeutronClient api;
    private final Token admin;
    private final Shape shape;
    private final List<Network> networks = new ArrayList<>();
    private final List<Port> ports = new ArrayList<>();

    ScaleModel(NeutronClient api, Token admin, Shape shape) {
        this.api = api;
        this.admin = admin;
        this.shape = shape;
    }

    List<Network> networks() {
        return networks;
    }

    List<Port> ports() {
        return ports;
    }

    /**
     * Tenants' quotas lifted, networks and subnets made, {@code batch} to a request (Neutron's bulk create) with
     * {@code clients} requests at a time; prints how long it took.
     */
    void createNetworks(int clients, int batch) throws Exception {
        long start = System.nanoTime();
        for (int t = 0; t < shape.tenants(); t++) {
            api.expect(200, "PUT", "/v2.0/quotas/" + projectId(t), admin, Map.of("quota",
                    Map.of("port", -1, "network", -1, "subnet", -1)));
        }
        List<JsonNode> made = create("network", "networks", shape.networks(), batch, clients, this::networkBody);
        List<JsonNode> subnets = create("subnet", "subnets", shape.networks(), batch, clients,
                n -> subnetBody(n, made.get(n).path("id").asText()));
        for (int n = 0; n < shape.networks(); n++) {
            TreeSet<String> hosts = new TreeSet<>();
            for (int k = n * shape.portsPerNetwork(); k < (n + 1) * shape.portsPerNetwork(); k++) {
                hosts.add(shape.hostOfPort(k));
            }
            networks.add(new Network(made.get(n).path("id").asText(), subnets.get(n).path("id").asText(),
                    projectId(n / shape.networksPerTenant()), networkType(n), List.copyOf(hosts)));
        }
        System.out.printf(Locale.ROOT, "model: %d tenants, %d networks (%s) with a subnet each, made in %.1f s (%d to "
                        + "a request, %d clients)%n", shape.tenants(), shape.networks(),
                String.join("/", shape.networkTypes()), BenchCluster.seconds(start), batch, clients);
    }

    /**
     * Every VM port, created and bound through the API, {@code batch} to a request (Neutron's bulk create; 1 is one
     * port a POST, as Nova makes them) with {@code clients} requests at a time; prints the rate.
     */
    void createPorts(int clients, int batch) throws Exception {
        long start = System.nanoTime();
        List<JsonNode> made = create("port", "ports", shape.ports(), batch, clients,
                k -> portBody(network(k), shape.hostOfPort(k)));
        for (int k = 0; k < made.size(); k++) {
            ports.add(port(made.get(k), shape.hostOfPort(k), network(k)));
        }
        double took = BenchCluster.seconds(start);
        System.out.printf(Locale.ROOT, "model: %d ports created and bound (POST with binding:host_id, %d to a "
                + "request, %d clients) in %.1f s: %.0f ports/s%n", ports.size(), batch, clients, took,
                ports.size() / took);
    }

    /** One more VM port in the network, bound to the host, by one POST; not kept in {@link #ports()}. */
    Port createPort(Network network, String host) {
        return port(api.expect(201, "POST", "/v2.0/ports", admin, Map.of("port", portBody(network, host)))
                .path("port"), host, network);
    }

    /** The plug list the fleet reads at start: {@code host port_id mac} a line. */
    void writePlugList(Path file) throws IOException {
        StringBuilder lines = new StringBuilder();
        ports.forEach(p -> lines.append(p.host()).append(' ').append(p.id()).append(' ').append(p.mac()).append('\n'));
        Files.writeString(file, lines);
    }

    private Network network(int port) {
        return networks.get(port / shape.portsPerNetwork());
    }

    private static Port port(JsonNode port, String host, Network network) {
        return new Port(port.path("id").asText(), host, port.path("mac_address").asText(), network.id());
    }

    private Map<String, Object> portBody(Network network, String host) {
        return Map.of("network_id", network.id(), "project_id", network.projectId(), "binding:host_id", host,
                "device_owner", "compute:nova", "device_id", UUID.randomUUID().toString());
    }

    private Map<String, Object> networkBody(int n) {
        return Map.of("name", "scale-" + n, "project_id", projectId(n / shape.networksPerTenant()),
                "provider:network_type", networkType(n));
    }

    private String networkType(int network) {
        return shape.networkTypes().get(network % shape.networkTypes().size());
    }

    private Map<String, Object> subnetBody(int n, String networkId) {
        // Tenants' address spaces overlap, as they may: 4,096 distinct /20s, then they repeat.
        int block = n % 4096;
        String cidr = "10." + (block / 16) + "." + (block % 16 * 16) + ".0/20";
        return Map.of("network_id", networkId, "project_id", projectId(n / shape.networksPerTenant()),
                "ip_version", 4, "cidr", cidr, "enable_dhcp", true);
    }

    /**
     * Creates {@code count} resources, item i from {@code body(i)}: {@code batch} to a POST in Neutron's bulk form,
     * or each in its own POST when {@code batch} is 1; {@code clients} requests at a time. Their JSON in index order.
     */
    private List<JsonNode> create(String resource, String collection, int count, int batch, int clients,
                                  IntFunction<Map<String, Object>> body) throws Exception {
        String path = "/v2.0/" + collection;
        List<List<JsonNode>> parts = parallel((count + batch - 1) / batch, clients, r -> {
            int from = r * batch;
            int to = Math.min(count, from + batch);
            if (batch == 1) {
                return List.of(api.expect(201, "POST", path, admin, Map.of(resource, body.apply(from))).path(resource));
            }
            List<Map<String, Object>> items = IntStream.range(from, to).mapToObj(body).toList();
            List<JsonNode> made = new ArrayList<>(items.size());
            api.expect(201, "POST", path, admin, Map.of(collection, items)).path(collection).forEach(made::add);
            if (made.size() != items.size()) {
                throw new IllegalStateException("POST " + path + " of " + items.size() + " answered " + made.size());
            }
            return made;
        });
        return parts.stream().flatMap(List::stream).toList();
    }

    private static String projectId(int tenant) {
        return String.format(Locale.ROOT, "5ca1e%027x", tenant);
    }

    /** {@code count} calls in index order, made by {@code clients} threads; results in index order. */
    static <T> List<T> parallel(int count, int clients, IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> call.apply(index)));
            }
            List<T> results = new ArrayList<>(count);
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
