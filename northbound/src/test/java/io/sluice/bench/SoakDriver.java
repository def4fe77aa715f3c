package io.sluice.bench;

import static io.sluice.bench.BenchCluster.await;
import static io.sluice.bench.BenchCluster.loadAverage;
import static io.sluice.bench.BenchCluster.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Token;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The churn soak (issue 6): fixed VMs ping each other and the external host the whole time while {@link Churn}
 * creates, updates and deletes another project's resources for the given minutes; then the churn's resources
 * are deleted and the controller's audit is read. Started by scripts/soak, which brings the bed up and down.
 *
 * <p>The fixed set, the admin's: a flat external network on physnet1, a VXLAN network with VMs sa (hv1) and sb
 * (hv2), an MPLS network with VM sc (hv2), and a router on net1 joining both with its gateway on the external
 * network. Paths pinged: sa→sb (VXLAN across hosts), sa→ext and sc→ext (through the router's SNAT), sb→sc
 * (routed VXLAN→MPLS).
 */
public final class SoakDriver {
    private static final String EXT_CIDR = "203.0.113.0/24";
    private static final String NETWORK_NODE = "net1";
    private static final List<String> HYPERVISORS = List.of("hv1", "hv2");
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private final Path root;
    private final Path work;
    private final Path jar;
    private final String prefix;
    private final double minutes;
    private final double rate;
    private final String pingInterval;
    private BenchCluster cluster;
    private NeutronClient api;
    private Token admin;

    private SoakDriver(Map<String, String> options) {
        root = Path.of(options.get("root"));
        work = Path.of(options.get("work"));
        jar = Path.of(options.get("jar"));
        prefix = options.get("prefix");
        minutes = Double.parseDouble(options.get("minutes"));
        rate = Double.parseDouble(options.get("rate"));
        pingInterval = options.get("ping-interval");
    }

    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        BenchCluster.exit(() -> new SoakDriver(options).run());
    }

    private int run() throws Exception {
        cluster = BenchCluster.of(root, work, jar, prefix);
        try {
            List<String> hosts = List.of(NETWORK_NODE, "hv1", "hv2");
            cluster.printMachine(hosts);
            List<String> mappings = List.of("--bridge-mappings", "physnet1:br-ex");
            List<String> l3 = new ArrayList<>(mappings);
            l3.add("--l3");
            cluster.start(List.of("--physical-networks", "physnet1"),
                    Map.of(NETWORK_NODE, l3, "hv1", mappings, "hv2", mappings));
            api = cluster.api();
            admin = cluster.admin();
            String external = setUpFixed();
            List<PathPing> pings = startPings();
            Churn churn = new Churn(api, cluster.member(), admin, external, HYPERVISORS, System.nanoTime());
            String loadBefore = loadAverage();
            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            long pause = (long) (1e9 / rate);
            long next = start;
            while (System.nanoTime() < end) {
                churn.step();
                next += pause;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            double churned = seconds(start);
            String loadDuring = loadAverage();
            churn.deleteAll();
            System.out.printf(Locale.ROOT, "churn: %d operations in %.0f s (%.1f/s), %d refused (4xx), %d errors "
                    + "(5xx); load average %s before, %s at the end%n", churn.operations(), churned,
                    churn.operations() / churned, churn.refused(), churn.errors(), loadBefore, loadDuring);
            churn.errorSamples().forEach(e -> System.out.println("  error: " + e));
            Map<String, Integer> left = churn.leftOver();
            System.out.println("left over in the churn's project after deleting: " + (left.isEmpty() ? "nothing" : left));
            cluster.awaitQuiet();
            // An L3 agent reports what it applied once its namespaces converged; give it a moment after the switches.
            BenchCluster.sleep(3000);
            long lost = 0;
            for (PathPing ping : pings) {
                PathPing.Loss loss = ping.stop();
                System.out.printf(Locale.ROOT, "path %-7s %d answered, %d lost, longest gap between replies %.0f ms%n",
                        loss.name(), loss.answered(), loss.lost(), loss.longestGapMs());
                if (loss.answered() == 0) {
                    throw new IllegalStateException("path " + loss.name() + " never answered");
                }
                lost += loss.lost();
            }
            JsonNode audit = api.expect(200, "GET", "/sluice/v1/audit", admin, null);
            for (JsonNode finding : audit.path("details")) {
                System.out.println("  audit: " + finding);
            }
            int drift = audit.path("drift").asInt();
            int leaks = audit.path("leaks").asInt();
            boolean tamperSeen = tamperCheck();
            System.out.printf(Locale.ROOT, "soak: %d operations, ping loss %d, drift %d, leaks %d%n",
                    churn.operations(), lost, drift, leaks);
            return lost == 0 && drift == 0 && leaks == 0 && churn.errors() == 0 && left.isEmpty() && tamperSeen ? 0 : 1;
        } finally {
            cluster.close();
        }
    }

    /**
     * Proves the audit reads the switches: a stray flow added to hv1's br-int behind Sluice's back (the periodic
     * repair is an hour away) must make {@code sluice audit} report drift and exit 1.
     */
    private boolean tamperCheck() throws Exception {
        cluster.testbed("exec", "--host", "hv1", "--", "ovs-ofctl", "-O", "OpenFlow13", "add-flow", "br-int",
                "table=0,priority=1,dl_type=0x88b5,actions=drop");
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "audit", "--url", "http://127.0.0.1:" + cluster.apiPort(), "--os-token", admin.id())
                .redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes()).trim();
        int exit = cli.waitFor();
        System.out.println("tamper check (a stray flow on hv1, then sluice audit): exit " + exit + ", " + out
                .replace("\n", "; "));
        return exit == 1 && out.contains("audit: drift 1, leaks 0");
    }

    /** The admin's fixed networks, router and VMs; returns the external network's id. */
    private String setUpFixed() throws Exception {
        String external = network(Map.of("name", "public", "router:external", true, "provider:network_type",
                "flat", "provider:physical_network", "physnet1"));
        // The external host, .100, is left out of the pool.
        subnet(external, EXT_CIDR, "203.0.113.1", Map.of("enable_dhcp", false, "allocation_pools",
                List.of(Map.of("start", "203.0.113.10", "end", "203.0.113.99"),
                        Map.of("start", "203.0.113.101", "end", "203.0.113.250"))));
        String vxlan = network(Map.of("name", "soak-vxlan"));
        String vxlanSubnet = subnet(vxlan, "10.90.0.0/24", "10.90.0.1", Map.of());
        String mpls = network(Map.of("name", "soak-mpls", "provider:network_type", "mpls"));
        String mplsSubnet = subnet(mpls, "10.91.0.0/24", "10.91.0.1", Map.of());
        String router = api.expect(201, "POST", "/v2.0/routers", admin, Map.of("router", Map.of("name", "soak",
                "external_gateway_info", Map.of("network_id", external)))).path("router").path("id").asText();
        Files.writeString(work.resolve("router-id"), router + "\n");
        for (String subnet : List.of(vxlanSubnet, mplsSubnet)) {
            api.expect(200, "PUT", "/v2.0/routers/" + router + "/add_router_interface", admin,
                    Map.of("subnet_id", subnet));
        }
        vm("sa", "hv1", vxlan, vxlanSubnet, "10.90.0.10", "10.90.0.1");
        vm("sb", "hv2", vxlan, vxlanSubnet, "10.90.0.11", "10.90.0.1");
        vm("sc", "hv2", mpls, mplsSubnet, "10.91.0.10", "10.91.0.1");
        System.out.printf(Locale.ROOT, "fixed: external network public (flat, %s), soak-vxlan 10.90.0.0/24 (sa on "
                + "hv1, sb on hv2), soak-mpls 10.91.0.0/24 (sc on hv2), router %s on %s%n", EXT_CIDR, router,
                NETWORK_NODE);
        return external;
    }

    private String network(Map<String, Object> body) {
        return api.expect(201, "POST", "/v2.0/networks", admin, Map.of("network", body)).path("network").path("id")
                .asText();
    }

    private String subnet(String network, String cidr, String gateway, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("network_id", network, "ip_version", 4, "cidr", cidr,
                "gateway_ip", gateway));
        body.putAll(extra);
        return api.expect(201, "POST", "/v2.0/subnets", admin, Map.of("subnet", body)).path("subnet").path("id")
                .asText();
    }

    /** A port bound as Nova does and a VM namespace plugged on it with a static address and default route. */
    private void vm(String name, String host, String network, String subnet, String ip, String gateway)
            throws Exception {
        JsonNode port = api.expect(201, "POST", "/v2.0/ports", admin, Map.of("port", Map.of("network_id", network,
                "name", name, "fixed_ips", List.of(Map.of("subnet_id", subnet, "ip_address", ip))))).path("port");
        String id = port.path("id").asText();
        api.expect(200, "PUT", "/v2.0/ports/" + id, admin, Map.of("port", Map.of("binding:host_id", host,
                "device_owner", "compute:nova", "device_id", UUID.randomUUID().toString())));
        int mtu = api.expect(200, "GET", "/v2.0/networks/" + network, admin, null).path("network").path("mtu").asInt();
        cluster.testbed("plug-vm", "--host", host, "--name", name, "--port-id", id, "--mac",
                port.path("mac_address").asText(), "--ip", ip + "/24", "--mtu", String.valueOf(mtu));
        Sh.run(root, List.of("ip", "-n", namespace(name), "route", "replace", "default", "via", gateway));
    }

    private String namespace(String vm) {
        return prefix + "-vm-" + vm;
    }

    /** Waits until each fixed path answers, then starts its continuous ping. */
    private List<PathPing> startPings() throws Exception {
        Map<String, String[]> paths = new LinkedHashMap<>();
        paths.put("sa-sb", new String[] {"sa", "10.90.0.11"});
        paths.put("sa-ext", new String[] {"sa", cluster.env("EXT_IP")});
        paths.put("sb-sc", new String[] {"sb", "10.91.0.10"});
        paths.put("sc-ext", new String[] {"sc", cluster.env("EXT_IP")});
        List<PathPing> pings = new ArrayList<>();
        for (Map.Entry<String, String[]> path : paths.entrySet()) {
            String ns = namespace(path.getValue()[0]);
            String target = path.getValue()[1];
            await("path " + path.getKey() + " answering", CONVERGE, () -> {
                try {
                    Sh.run(root, List.of("ip", "netns", "exec", ns, "ping", "-n", "-c", "1", "-W", "1", target));
                    return true;
                } catch (Exception notYet) {
                    return false;
                }
            });
        }
        for (Map.Entry<String, String[]> path : paths.entrySet()) {
            pings.add(PathPing.start(path.getKey(), namespace(path.getValue()[0]), path.getValue()[1], pingInterval,
                    work));
        }
        System.out.println("fixed paths answering; pinging " + paths.keySet() + " every " + pingInterval + " s");
        return pings;
    }
}
