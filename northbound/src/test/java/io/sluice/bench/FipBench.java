package io.sluice.bench;

import static io.sluice.bench.BenchCluster.await;
import static io.sluice.bench.BenchCluster.epochMicros;
import static io.sluice.bench.BenchCluster.loadAverage;
import static io.sluice.bench.BenchCluster.ms;
import static io.sluice.bench.BenchCluster.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Token;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * Floating-IP association latency on a real test bed (issue 4): per association, the time from the
 * {@code PUT /v2.0/floatingips/{id}} that gives a floating IP a port to the first echo reply the external host
 * gets from that address. Started by scripts/bench/fip, which brings the bed up and down; see
 * docs/benchmarks.md for the method.
 *
 * <p>The bed: a network node (net1, L3 agent) and one hypervisor (hv1); a flat external network on physnet1
 * (every host's br-ex), a VXLAN tenant network whose router lives on net1, and one VM on hv1. Per run, one at a
 * time: a floating IP made beforehand (untimed; each run's address is new to the external host) → iputils ping
 * from the external host at it, started first → [t0] the PUT → its answer → the router's namespace converged
 * (net1's agent log) → [t_ping] ping's timestamp of its first reply; ACTIVE by GET polling alongside. Then the
 * floating IP is given back (untimed) and the next run waits until the namespace no longer holds it.
 */
public final class FipBench {
    private static final String EXT_CIDR = "203.0.113.0/24";
    private static final String EXT_GATEWAY = "203.0.113.1";
    private static final String TENANT_CIDR = "10.97.0.0/24";
    private static final String TENANT_GATEWAY = "10.97.0.1";
    private static final String VM_IP = "10.97.0.10";
    private static final String VM_MAC = "fa:16:3e:f1:00:0a";
    private static final String NETWORK_NODE = "net1";
    private static final String HYPERVISOR = "hv1";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);

    private final Options options;
    private BenchCluster cluster;
    private NeutronClient api;
    private Token member;
    private String externalNetworkId;
    private String routerId;
    private String vmPortId;

    /** Command-line options; the script passes them all. */
    record Options(Path root, Path work, Path jar, String prefix, int associations, int warmUp, double pollMs,
                   String pingInterval) {
        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
                given.put(args[i].substring(2), args[i + 1]);
            }
            for (String name : List.of("root", "work", "jar", "prefix")) {
                if (!given.containsKey(name)) {
                    throw new IllegalArgumentException("missing --" + name);
                }
            }
            return new Options(Path.of(given.get("root")), Path.of(given.get("work")), Path.of(given.get("jar")),
                    given.get("prefix"), Integer.parseInt(given.getOrDefault("associations", "50")),
                    Integer.parseInt(given.getOrDefault("warm-up", "20")),
                    Double.parseDouble(given.getOrDefault("poll-ms", "5")), given.getOrDefault("ping-interval", "0.002"));
        }
    }

    /** A floating IP made before its run. */
    record FloatingIp(String id, String address) {
    }

    /** One association; times in ms after t0 (just before the PUT), NaN if never seen. */
    record Measured(int index, String address, long t0Micros, double put, double active, double ping) {
        boolean failed() {
            return Double.isNaN(active) || Double.isNaN(ping);
        }
    }

    private FipBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchCluster.exit(() -> new FipBench(Options.parse(args)).run());
    }

    private int run() throws Exception {
        cluster = BenchCluster.of(options.root(), options.work(), options.jar(), options.prefix());
        try {
            List<String> hosts = List.of(NETWORK_NODE, HYPERVISOR);
            cluster.printMachine(hosts);
            List<String> mappings = List.of("--bridge-mappings", "physnet1:br-ex");
            List<String> l3 = new ArrayList<>(mappings);
            l3.addAll(List.of("--l3", "--l3-audit-seconds", "3600"));
            cluster.start(List.of("--physical-networks", "physnet1"), Map.of(NETWORK_NODE, l3, HYPERVISOR, mappings));
            System.out.println("agents: java -Xmx256m -XX:TieredStopAtLevel=1 -jar sluice.jar agent --bridge-mappings "
                    + "physnet1:br-ex, on net1 also --l3 --l3-audit-seconds 3600 (in the host's netns, nsenter --net)");
            api = cluster.api();
            member = cluster.member();
            setUpRouter();
            setUpVm();
            List<FloatingIp> fips = createFloatingIps(options.warmUp() + options.associations());
            long warmStart = System.nanoTime();
            for (int i = 0; i < options.warmUp(); i++) {
                measure(-1 - i, fips.get(i));
            }
            System.out.printf(Locale.ROOT, "warm-up: %d untimed associations in %.1f s%n", options.warmUp(),
                    seconds(warmStart));
            cluster.awaitQuiet();
            String loadBefore = loadAverage();
            Cpu.Sample cpuBefore = Cpu.sample(cluster.cpuGroups(hosts), cluster.controller().pid());
            long wallStart = System.nanoTime();
            List<Measured> measured = new ArrayList<>();
            for (int i = 0; i < options.associations(); i++) {
                Measured m = measure(i + 1, fips.get(options.warmUp() + i));
                measured.add(m);
                System.out.printf(Locale.ROOT, "  %2d %-15s PUT %6s  ACTIVE %6s  first ping %6s ms%s%n", m.index(),
                        m.address(), Stats.f(m.put()), Stats.f(m.active()), Stats.f(m.ping()),
                        m.failed() ? "  FAILED" : "");
            }
            double wall = seconds(wallStart);
            Cpu.Sample cpuAfter = Cpu.sample(cluster.cpuGroups(hosts), cluster.controller().pid());
            String loadAfter = loadAverage();
            return report(measured, wall, loadBefore, loadAfter, cpuBefore, cpuAfter);
        } finally {
            tearDownRouter();
            cluster.close();
        }
    }

    // --- set-up -------------------------------------------------------------------------------------------

    /** The admin's external network and the member's network, subnet and router with its gateway there. */
    private void setUpRouter() throws Exception {
        Token admin = cluster.admin();
        api.expect(200, "PUT", "/v2.0/quotas/" + member.projectId(), admin, Map.of("quota", Map.of("floatingip", -1)));
        externalNetworkId = api.expect(201, "POST", "/v2.0/networks", admin, Map.of("network", Map.of("name",
                "public", "router:external", true, "provider:network_type", "flat", "provider:physical_network",
                "physnet1"))).path("network").path("id").asText();
        // The external host, .100, is left out of the pools.
        api.expect(201, "POST", "/v2.0/subnets", admin, Map.of("subnet", Map.of("network_id", externalNetworkId,
                "ip_version", 4, "cidr", EXT_CIDR, "enable_dhcp", false, "gateway_ip", EXT_GATEWAY,
                "allocation_pools", List.of(Map.of("start", "203.0.113.10", "end", "203.0.113.99"),
                        Map.of("start", "203.0.113.101", "end", "203.0.113.250")))));
        String networkId = api.expect(201, "POST", "/v2.0/networks", member, Map.of("network", Map.of("name",
                "bench"))).path("network").path("id").asText();
        String subnetId = api.expect(201, "POST", "/v2.0/subnets", member, Map.of("subnet", Map.of("network_id",
                networkId, "ip_version", 4, "cidr", TENANT_CIDR, "gateway_ip", TENANT_GATEWAY, "name", "bench")))
                .path("subnet").path("id").asText();
        routerId = api.expect(201, "POST", "/v2.0/routers", member, Map.of("router", Map.of("name", "bench",
                "external_gateway_info", Map.of("network_id", externalNetworkId)))).path("router").path("id").asText();
        Files.writeString(options.work().resolve("router-id"), routerId + "\n");
        api.expect(200, "PUT", "/v2.0/routers/" + routerId + "/add_router_interface", member,
                Map.of("subnet_id", subnetId));
        vmPortId = api.expect(201, "POST", "/v2.0/ports", member, Map.of("port", Map.of("network_id", networkId,
                "name", "vm", "mac_address", VM_MAC, "fixed_ips", List.of(Map.of("subnet_id", subnetId,
                        "ip_address", VM_IP))))).path("port").path("id").asText();
        api.expect(200, "PUT", "/v2.0/ports/" + vmPortId, admin, Map.of("port", Map.of("binding:host_id",
                HYPERVISOR, "device_owner", "compute:nova", "device_id", UUID.randomUUID().toString())));
        System.out.printf(Locale.ROOT, "tenant: external network public (flat, physnet1, %s), network bench (VXLAN, "
                + "%s), router %s on %s%n", EXT_CIDR, TENANT_CIDR, routerId, NETWORK_NODE);
    }

    /** The VM on hv1 (static address, default route via the router), which reaches the external host by SNAT. */
    private void setUpVm() throws Exception {
        cluster.testbed("plug-vm", "--host", HYPERVISOR, "--name", "vm", "--port-id", vmPortId, "--mac", VM_MAC,
                "--ip", VM_IP + "/24");
        String namespace = cluster.prefix() + "-vm-vm";
        Sh.run(options.root(), List.of("ip", "-n", namespace, "route", "replace", "default", "via", TENANT_GATEWAY));
        await("the VM reaching the external host through the router", RUN_TIMEOUT, () -> {
            try {
                Sh.run(options.root(), List.of("ip", "netns", "exec", namespace, "ping", "-c", "1", "-W", "1",
                        cluster.env("EXT_IP")));
                return true;
            } catch (Exception notYet) {
                return false;
            }
        });
        System.out.println("vm: " + VM_IP + " on " + HYPERVISOR + ", pinging the external host "
                + cluster.env("EXT_IP") + " through the router (SNAT)");
    }

    /** Floating IPs on the external network, untimed, each with an address the external host has not seen. */
    private List<FloatingIp> createFloatingIps(int n) {
        List<FloatingIp> fips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode fip = api.expect(201, "POST", "/v2.0/floatingips", member, Map.of("floatingip",
                    Map.of("floating_network_id", externalNetworkId))).path("floatingip");
            fips.add(new FloatingIp(fip.path("id").asText(), fip.path("floating_ip_address").asText()));
        }
        return fips;
    }

    // --- one association ----------------------------------------------------------------------------------

    private Measured measure(int index, FloatingIp fip) throws Exception {
        String id = fip.id();
        String address = fip.address();
        Measured m;
        try (Pinger pinger = Pinger.start(cluster.env("EXT_NS"), address, options.pingInterval())) {
            long t0 = System.nanoTime();
            long t0Micros = epochMicros();
            api.expect(200, "PUT", "/v2.0/floatingips/" + id, member, Map.of("floatingip",
                    Map.of("port_id", vmPortId)));
            double put = ms(t0, System.nanoTime());
            long deadline = t0 + RUN_TIMEOUT.toNanos();
            long pollNanos = (long) (options.pollMs() * 1e6);
            double active = Double.NaN;
            while (System.nanoTime() < deadline) {
                long sent = System.nanoTime();
                if ("ACTIVE".equals(status(id))) {
                    active = ms(t0, System.nanoTime());
                    break;
                }
                LockSupport.parkNanos(sent + pollNanos - System.nanoTime());
            }
            double ping = Double.NaN;
            try {
                Pinger.Reply reply = pinger.firstReply().get(Math.max(1, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                ping = (reply.epochMicros() - t0Micros) / 1e3;
            } catch (TimeoutException e) {
                // counted as failed
            } catch (ExecutionException e) {
                // ping gives up once the external host's ARP for the address has failed (3 s): counted as failed
                System.out.println("  run " + index + " (" + address + "): " + e.getCause().getMessage());
            }
            m = new Measured(index, address, t0Micros, put, active, ping);
        }
        long given = epochMicros();
        api.expect(200, "PUT", "/v2.0/floatingips/" + id, member, Map.of("floatingip",
                Collections.singletonMap("port_id", null)));
        // Until the agent's run is over, not just the address gone: the next run must find its thread idle.
        await("floating IP " + address + " gone from the router", RUN_TIMEOUT,
                () -> !routerHolds(address) && convergedAfter(given).isPresent());
        return m;
    }

    /** net1's first convergence of the router for an update that arrived after {@code epochMicros}. */
    private Optional<L3AgentLog.Convergence> convergedAfter(long epochMicros) {
        try {
            // The log's clock has millisecond resolution.
            return L3AgentLog.convergences(options.work().resolve("agent-net1.log"), LocalDate.now()).stream()
                    .filter(r -> r.routerId().equals(routerId) && r.updateArrivedMicros() >= epochMicros - 1000)
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String status(String fipId) {
        NeutronClient.Response r = api.call("GET", "/v2.0/floatingips/" + fipId + "?fields=status", member, null);
        return r.status() == 200 ? r.json().path("floatingip").path("status").asText() : "HTTP " + r.status();
    }

    private boolean routerHolds(String address) {
        try {
            return Sh.run(options.root(), List.of("ip", "-n", cluster.routerNamespace(routerId), "-o", "-4", "addr", "show"))
                    .contains(" " + address + "/");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives the floating IPs back and deletes the router, so its namespace goes before the agent stops. */
    private void tearDownRouter() {
        if (routerId == null) {
            return;
        }
        try {
            for (JsonNode fip : api.expect(200, "GET", "/v2.0/floatingips", member, null).path("floatingips")) {
                api.expect(204, "DELETE", "/v2.0/floatingips/" + fip.path("id").asText(), member, null);
            }
            api.expect(200, "PUT", "/v2.0/routers/" + routerId, member, Map.of("router",
                    Collections.singletonMap("external_gateway_info", Map.of())));
            JsonNode ports = api.expect(200, "GET", "/v2.0/ports?device_id=" + routerId, member, null).path("ports");
            for (JsonNode port : ports) {
                if (!port.path("device_owner").asText().equals("network:router_interface")) {
                    continue;
                }
                api.expect(200, "PUT", "/v2.0/routers/" + routerId + "/remove_router_interface", member,
                        Map.of("port_id", port.path("id").asText()));
            }
            api.expect(204, "DELETE", "/v2.0/routers/" + routerId, member, null);
            await("router namespace removed", RUN_TIMEOUT,
                    () -> !Files.exists(Path.of("/run/netns/qrouter-" + routerId)));
        } catch (RuntimeException e) {
            System.out.println("tear-down of the router failed (scripts/bench/fip removes its namespace): " + e);
        }
    }

    // --- reporting ----------------------------------------------------------------------------------------

    private int report(List<Measured> measured, double wall, String loadBefore, String loadAfter,
                       Cpu.Sample cpuBefore, Cpu.Sample cpuAfter) throws Exception {
        long failed = measured.stream().filter(Measured::failed).count();
        System.out.printf(Locale.ROOT, "results, %d associations in %.1f s (load average before %s, after %s):%n",
                measured.size(), wall, loadBefore, loadAfter);
        line("PUT /v2.0/floatingips/ID answered", values(measured, Measured::put));
        line("ACTIVE (GET every " + Stats.f(options.pollMs()) + " ms)", values(measured, Measured::active));
        line("first ping reply (external host)", values(measured, Measured::ping));
        split(measured);
        System.out.printf(Locale.ROOT, "  failed: %d%n", failed);
        System.out.println("  CPU during the run (% of one core): " + Cpu.describe(cpuBefore, cpuAfter));
        System.out.println("  controller threads (% of one core): " + Cpu.describeThreads(cpuBefore, cpuAfter, 6));
        Stats ping = Stats.of(values(measured, Measured::ping));
        if (failed > 0) {
            System.out.println("FAILED: " + failed + " associations were not answered within " + RUN_TIMEOUT
                    + " (counted at the timeout in the percentiles)");
        }
        System.out.printf(Locale.ROOT, "fip: p50 %.0f ms, p99 %.0f ms%n", ping.p50(), ping.p99());
        return failed == 0 ? 0 : 1;
    }

    /** Where the time went, from net1's agent log: the first convergence of the router after each t0. */
    private void split(List<Measured> measured) {
        List<Double> arrived = new ArrayList<>();
        List<Double> waited = new ArrayList<>();
        List<Double> applied = new ArrayList<>();
        List<Double> applyTook = new ArrayList<>();
        List<Double> toPing = new ArrayList<>();
        for (Measured m : measured) {
            convergedAfter(m.t0Micros()).ifPresent(r -> {
                arrived.add((r.updateArrivedMicros() - m.t0Micros()) / 1e3);
                waited.add((r.startMicros() - r.updateArrivedMicros()) / 1e3);
                applyTook.add((r.endMicros() - r.startMicros()) / 1e3);
                applied.add((r.endMicros() - m.t0Micros()) / 1e3);
                toPing.add(m.ping() - (r.endMicros() - m.t0Micros()) / 1e3);
            });
        }
        System.out.printf(Locale.ROOT, "  net1's agent log (ms resolution), %d of %d runs matched:%n", applied.size(),
                measured.size());
        line("  router_update arrived (after t0)", arrived);
        line("  waited for the L3 thread", waited);
        line("  namespace apply took", applyTook);
        line("  namespace converged (after t0)", applied);
        line("  converged -> first ping reply", toPing);
    }

    private static void line(String what, List<Double> values) {
        System.out.printf(Locale.ROOT, "  %-38s %s%n", what, Stats.of(values).ms());
    }

    private static List<Double> values(List<Measured> measured, ToDoubleFunction<Measured> f) {
        return Stats.countingMissingAt(measured, f, RUN_TIMEOUT);
    }
}
