package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

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

    /** Tenants' quotas lifted, networks and subnets made; prints how long it took. */
    void createNetworks(int clients) throws Exception {
        long start = System.nanoTime();
        for (int t = 0; t < shape.tenants(); t++) {
            api.expect(200, "PUT", "/v2.0/quotas/" + projectId(t), admin, Map.of("quota",
                    Map.of("port", -1, "network", -1, "subnet", -1)));
        }
        networks.addAll(parallel(shape.networks(), clients, this::createNetwork));
        System.out.printf(Locale.ROOT, "model: %d tenants, %d networks (%s) with a subnet each, made in %.1f s%n",
                shape.tenants(), shape.networks(), String.join("/", shape.networkTypes()),
                BenchCluster.seconds(start));
    }

    /** Every VM port, created and bound through the API with {@code clients} concurrent callers; prints the rate. */
    void createPorts(int clients) throws Exception {
        long start = System.nanoTime();
        ports.addAll(parallel(shape.ports(), clients, k -> createPort(networks.get(k / shape.portsPerNetwork()),
                shape.hostOfPort(k))));
        double took = BenchCluster.seconds(start);
        System.out.printf(Locale.ROOT, "model: %d ports created and bound (POST with binding:host_id, %d clients) "
                + "in %.1f s: %.0f ports/s%n", ports.size(), clients, took, ports.size() / took);
    }

    /** One more VM port in the network, bound to the host; not kept in {@link #ports()}. */
    Port createPort(Network network, String host) {
        JsonNode port = api.expect(201, "POST", "/v2.0/ports", admin, Map.of("port", Map.of(
                "network_id", network.id(), "project_id", network.projectId(), "binding:host_id", host,
                "device_owner", "compute:nova", "device_id", UUID.randomUUID().toString()))).path("port");
        return new Port(port.path("id").asText(), host, port.path("mac_address").asText(), network.id());
    }

    /** The plug list the fleet reads at start: {@code host port_id mac} a line. */
    void writePlugList(Path file) throws IOException {
        StringBuilder lines = new StringBuilder();
        ports.forEach(p -> lines.append(p.host()).append(' ').append(p.id()).append(' ').append(p.mac()).append('\n'));
        Files.writeString(file, lines);
    }

    private Network createNetwork(int n) {
        String project = projectId(n / shape.networksPerTenant());
        String type = shape.networkTypes().get(n % shape.networkTypes().size());
        JsonNode network = api.expect(201, "POST", "/v2.0/networks", admin, Map.of("network", Map.of(
                "name", "scale-" + n, "project_id", project, "provider:network_type", type))).path("network");
        String id = network.path("id").asText();
        // Tenants' address spaces overlap, as they may: 4,096 distinct /20s, then they repeat.
        int block = n % 4096;
        String cidr = "10." + (block / 16) + "." + (block % 16 * 16) + ".0/20";
        Map<String, Object> subnet = new LinkedHashMap<>(Map.of("network_id", id, "project_id", project,
                "ip_version", 4, "cidr", cidr, "enable_dhcp", true));
        String subnetId = api.expect(201, "POST", "/v2.0/subnets", admin, Map.of("subnet", subnet))
                .path("subnet").path("id").asText();
        TreeSet<String> hosts = new TreeSet<>();
        for (int k = n * shape.portsPerNetwork(); k < (n + 1) * shape.portsPerNetwork(); k++) {
            hosts.add(shape.hostOfPort(k));
        }
        return new Network(id, subnetId, project, type, List.copyOf(hosts));
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
