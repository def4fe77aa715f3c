package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Token;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The scale benchmark's measurements on a settled cloud: what one change costs and reaches, and how the
 * controller takes a reconnect storm. A change's reach is read from the fleet's per-switch counters: the
 * switches that received any flow-, group- or meter-mod, and when each last acknowledged (barrier reply or
 * bundle commit), once no switch has changed for a quiet period: at least {@value #MIN_QUIET_MS} ms and twice the
 * controller's slowest recent model-change compile since the probes began, so a change whose compile is still
 * running is not taken for settled (the build's compile, 47 s at 1,000 x 100, would make every sample wait
 * 94 s).
 */
final class ScaleProbes {
    private static final long MIN_QUIET_MS = 300;
    private static final int RECENT_COMPILES = 5;

    private final NeutronClient api;
    private final Token admin;
    private final FleetProcess fleet;
    /** The compiles the controller logged before the probes: the build's, not a probe's. */
    private final int compilesBefore;
    private final ScaleController controller;
    private final ScaleModel model;
    private final ScaleRouters routers;
    private final long flowsBuilt;

    /** What one change did: switches that received anything, mods received, the last acknowledgement. */
    record Reach(TreeSet<String> switches, long mods, long lastAckMicros, boolean acknowledged) {
    }

    ScaleProbes(NeutronClient api, Token admin, FleetProcess fleet, ScaleController controller, ScaleModel model,
                ScaleRouters routers, long flowsBuilt) throws IOException {
        this.routers = routers;
        this.flowsBuilt = flowsBuilt;
        this.api = api;
        this.admin = admin;
        this.fleet = fleet;
        this.controller = controller;
        this.model = model;
        this.compilesBefore = controller.compileMicros(0).size();
    }

    /**
     * Port-up, one at a time: create a port bound to a hypervisor of a network's span, plug it, and time from
     * the create call to the last acknowledgement of every switch that received anything. The first
     * {@code warmup} are not counted (a JIT-cold controller's first changes are several times slower). Returns
     * the p99.
     */
    double portUp(int warmup, int samples) throws IOException {
        List<Double> latencies = new ArrayList<>();
        List<Double> compiles = new ArrayList<>();
        List<Double> compileCpus = new ArrayList<>();
        List<Double> runStarts = new ArrayList<>();
        List<Long> mods = new ArrayList<>();
        int offSpan = 0;
        List<ScaleModel.Port> created = new ArrayList<>();
        for (int i = 0; i < warmup + samples; i++) {
            ScaleModel.Network network = model.networks().get(i * 7919 % model.networks().size());
            String host = network.hosts().get(i % network.hosts().size());
            Map<String, long[]> before = counters();
            int logFrom = controller.logLines();
            long t0 = BenchCluster.epochMicros();
            ScaleModel.Port port = model.createPort(network, host);
            fleet.call(Map.of("cmd", "plug", "ports", List.of(List.of(host, port.id(), port.mac()))));
            Reach reach = settle(before, true);
            created.add(port);
            if (i < warmup) {
                continue;
            }
            latencies.add((reach.lastAckMicros() - t0) / 1e3);
            mods.add(reach.mods());
            List<Long> walls = controller.compileMicros(logFrom);
            List<Long> cpus = controller.compileCpuMicros(logFrom);
            List<Long> starts = controller.runsStartMicros(logFrom);
            // The plug's compile is the longest of the sample's (the create's and status's are nearly nothing).
            IntStream.range(0, walls.size()).boxed().max(Comparator.comparing(walls::get)).ifPresent(k -> {
                compiles.add(walls.get(k) / 1e3);
                compileCpus.add(cpus.get(k) / 1e3);
                runStarts.add(starts.get(k) / 1e3);
            });
            if (!routers.span(network).containsAll(reach.switches())) {
                offSpan++;
            }
        }
        Stats latency = Stats.of(latencies);
        Stats sent = Stats.of(mods.stream().map(Long::doubleValue).toList());
        System.out.printf(Locale.ROOT, "port-up (%d ports after %d untimed, one at a time: POST bound port -> plugged -> every affected "
                + "switch acknowledged): %s; flow/group/meter-mods per port p50 %.0f, max %.0f; samples reaching a "
                + "switch outside the network's span (its hypervisors and its router's network node): %d%n", samples,
                warmup, latency.ms(), sent.p50(), sent.max(), offSpan);
        System.out.printf(Locale.ROOT, "  compile of the plug's model change (Reconciler.modelChanged: the desired "
                + "state of every switch it touched): %s; its CPU on the housekeeping thread: %s; then its runs "
                + "started (diffed, sent) in %s%n", Stats.of(compiles).ms(), Stats.of(compileCpus).ms(),
                Stats.of(runStarts).ms());
        Map<String, long[]> beforeCleanup = counters();
        for (ScaleModel.Port port : created) {
            fleet.call(Map.of("cmd", "unplug", "ports", List.of(List.of(port.host(), port.id()))));
            api.expect(204, "DELETE", "/v2.0/ports/" + port.id(), admin, null);
        }
        settle(beforeCleanup, true);
        // The deletes' compiles can outlast the quiet period; the next probe must not count their mods (at
        // 1,000 x 100 one port change was once seen reaching 480 switches: the samples' deletes, not its own).
        BenchCluster.await("the port-up samples' flows to be gone", Duration.ofMinutes(5),
                () -> fleetFlows() == flowsBuilt);
        return latency.p99();
    }

    private long fleetFlows() {
        try {
            return fleet.status().path("flows").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One port's fixed IP changed, {@code times} times on different ports: compile, mods and the switches reached. */
    void portChange(int times) throws IOException {
        for (int i = 0; i < times; i++) {
            ScaleModel.Port port = model.ports().get((i * 104_729 + 17) % model.ports().size());
            ScaleModel.Network network = model.networks().stream().filter(n -> n.id().equals(port.networkId()))
                    .findFirst().orElseThrow();
            JsonNode current = api.expect(200, "GET", "/v2.0/ports/" + port.id(), admin, null).path("port");
            String ip = current.path("fixed_ips").get(0).path("ip_address").asText();
            String moved = ip.substring(0, ip.lastIndexOf('.') + 1) + (200 + i);
            String newIp = moved.equals(ip) ? ip.substring(0, ip.lastIndexOf('.') + 1) + "199" : moved;
            Map<String, long[]> before = counters();
            int logFrom = controller.logLines();
            long t0 = BenchCluster.epochMicros();
            api.expect(200, "PUT", "/v2.0/ports/" + port.id(), admin, Map.of("port", Map.of("fixed_ips",
                    List.of(Map.of("subnet_id", network.subnetId(), "ip_address", newIp)))));
            Reach reach = settle(before, true);
            System.out.printf(Locale.ROOT, "port change (fixed IP %s -> %s on %s, %s network spanning %d switches): "
                            + "compile %s ms; %d mods to %d switches (%s the network's and its router's), all acknowledged %.1f ms after "
                            + "the PUT%n", ip, newIp, port.host(), network.type(), network.hosts().size(),
                    compileList(logFrom), reach.mods(),
                    reach.switches().size(), routers.span(network).containsAll(reach.switches()) ? "all within" : "NOT all",
                    (reach.lastAckMicros() - t0) / 1e3);
        }
    }

    /**
     * Router changes, {@code times} each on different routers: one network's interface attached (after being
     * detached, untimed) and one floating IP associated (after being disassociated, untimed): compile, mods and
     * the switches reached, and for the floating IP the time until it is ACTIVE again (the network node's L3 agent
     * applied it).
     */
    void routerChanges(int times) throws IOException {
        if (routers.routers().isEmpty()) {
            return;
        }
        for (int i = 0; i < times; i++) {
            ScaleRouters.Router router = routers.routers().get(i * 31 % routers.routers().size());
            Optional<ScaleModel.Network> detachable = routers.networkWithoutFloatingIps(router);
            if (detachable.isEmpty()) {
                System.out.println("router interface: not measured on router " + router.id() + ": a floating IP "
                        + "points into each of its networks");
                continue;
            }
            ScaleModel.Network network = detachable.get();
            routers.setInterface(router, network, false);
            settle(counters(), false);
            Map<String, long[]> before = counters();
            int logFrom = controller.logLines();
            long t0 = BenchCluster.epochMicros();
            routers.setInterface(router, network, true);
            Reach reach = settle(before, true);
            System.out.printf(Locale.ROOT, "router interface attached (%s network spanning %d switches, router on "
                            + "%s): compile %s ms; %d mods to %d switches (%s the network's and its router's), all "
                            + "acknowledged %.1f ms after the PUT%n", network.type(), network.hosts().size(),
                    router.host(), compileList(logFrom), reach.mods(), reach.switches().size(),
                    routers.span(network).containsAll(reach.switches()) ? "all within" : "NOT all",
                    (reach.lastAckMicros() - t0) / 1e3);
        }
        for (int i = 0; i < times && !routers.floatingIps().isEmpty(); i++) {
            ScaleRouters.FloatingIp fip = routers.floatingIps().get(i * 17 % routers.floatingIps().size());
            routers.associate(fip, null);
            awaitStatus(fip, "DOWN");
            settle(counters(), false);
            Map<String, long[]> before = counters();
            int logFrom = controller.logLines();
            long t0 = System.nanoTime();
            routers.associate(fip, fip.port().id());
            awaitStatus(fip, "ACTIVE");
            double active = (System.nanoTime() - t0) / 1e6;
            Reach reach = settle(before, false);
            System.out.printf(Locale.ROOT, "floating IP associated (%s, router on %s): ACTIVE %.1f ms after the PUT "
                            + "(polled every 10 ms); compile %s ms; %d mods to %d switches %s%n", fip.address(),
                    fip.router().host(), active, compileList(logFrom), reach.mods(), reach.switches().size(),
                    reach.switches());
        }
    }

    /** Each compile since the line, wall-clock and the housekeeping thread's CPU: "[31.3 (4.1)]" in ms. */
    private String compileList(int logFrom) throws IOException {
        List<Long> walls = controller.compileMicros(logFrom);
        List<Long> cpus = controller.compileCpuMicros(logFrom);
        return IntStream.range(0, walls.size()).mapToObj(k -> String.format(Locale.ROOT, "%.1f (%.1f CPU)",
                walls.get(k) / 1e3, cpus.get(k) / 1e3)).toList().toString();
    }

    private void awaitStatus(ScaleRouters.FloatingIp fip, String status) {
        BenchCluster.await("floating IP " + fip.address() + " " + status, Duration.ofMinutes(1), 10,
                () -> status.equals(routers.status(fip)));
    }

    /** Every fleet connection dropped at once: time until all are back and reconciled, and what went wrong. */
    void reconnectStorm(int hypervisors) throws IOException {
        JsonNode before = fleet.status();
        int logFrom = controller.logLines();
        long droppedNanos = System.nanoTime();
        long dropped = fleet.call(Map.of("cmd", "drop")).path("at_us").asLong();
        ScaleSettle.Settled settled = ScaleSettle.await(api, fleet, hypervisors, dropped, 0, flowsBuilt,
                Duration.ofMinutes(10));
        JsonNode after = fleet.status();
        long warnings = Files.readAllLines(controller.log()).stream().skip(logFrom)
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
        System.out.printf(Locale.ROOT, "reconnect storm (%d connections dropped at once): all reconnected and "
                        + "reconciled within %.1f s (polled every 0.25 s); masterships %d; sessions the controller closed %d; connection "
                        + "errors %d; flow-mods sent %d; controller WARN/ERROR lines %d%n", hypervisors,
                (settled.seenNanos() - droppedNanos) / 1e9,
                after.path("masterships").asLong() - before.path("masterships").asLong(),
                after.path("dropped_by_controller").asLong() - before.path("dropped_by_controller").asLong(),
                after.path("connection_errors").asLong() - before.path("connection_errors").asLong(),
                after.path("flow_mods").asLong() - before.path("flow_mods").asLong(), warnings);
    }

    /** Per switch: mods received and last acknowledgement. */
    private Map<String, long[]> counters() throws IOException {
        Map<String, long[]> counters = new HashMap<>();
        for (JsonNode sw : fleet.switches()) {
            counters.put(sw.path("host").asText(), new long[] {sw.path("flowMods").asLong()
                    + sw.path("groupMods").asLong() + sw.path("meterMods").asLong(), sw.path("lastAckMicros").asLong(),
                    sw.path("lastChangeMicros").asLong()});
        }
        return counters;
    }

    /**
     * Waits until nothing changed for a while and, if {@code expectSome}, some switch received something (at
     * most 10 minutes).
     */
    private Reach settle(Map<String, long[]> before, boolean expectSome) throws IOException {
        List<Long> compiles = controller.compileMicros(0);
        int from = Math.min(compiles.size(), Math.max(compilesBefore, compiles.size() - RECENT_COMPILES));
        long slowest = compiles.subList(from, compiles.size()).stream().mapToLong(Long::longValue).max().orElse(0);
        Duration quiet = Duration.ofMillis(Math.max(MIN_QUIET_MS, 2 * slowest / 1_000));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long lastActivity = -1;
        long stableSince = System.nanoTime();
        while (true) {
            // The fleet's one activity number, polled every 10 ms; every switch's figures only once it is quiet:
            // asking 1,000 switches for theirs every 10 ms loaded the cores the timed change ran on.
            long activity = fleet.activity();
            if (activity != lastActivity) {
                lastActivity = activity;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > quiet.toNanos()) {
                Reach reach = reach(before);
                if ((!expectSome || !reach.switches().isEmpty()) && reach.acknowledged()
                        && fleet.activity() == lastActivity) {
                    return reach;
                }
                stableSince = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                return reach(before);
            }
            BenchCluster.sleep(10);
        }
    }

    /** What the switches received since {@code before}, and whether each acknowledged its last change. */
    private Reach reach(Map<String, long[]> before) throws IOException {
        TreeSet<String> reached = new TreeSet<>();
        long mods = 0;
        long lastAck = 0;
        boolean acknowledged = true;
        for (Map.Entry<String, long[]> e : counters().entrySet()) {
            long[] was = before.getOrDefault(e.getKey(), new long[3]);
            long[] is = e.getValue();
            if (is[0] != was[0]) {
                reached.add(e.getKey());
                mods += is[0] - was[0];
                lastAck = Math.max(lastAck, is[1]);
                acknowledged &= is[1] >= is[2];
            }
        }
        return new Reach(reached, mods, lastAck, acknowledged);
    }
}
