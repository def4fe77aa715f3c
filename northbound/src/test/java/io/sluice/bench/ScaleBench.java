package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Token;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scale (issue 8): the controller against an emulated fleet of hypervisors ({@code io.sluice.bench.scale}),
 * every switch a real OpenFlow 1.3 connection and every host a real agent-channel client, all on loopback.
 * Builds the model through the Neutron API (with routers and floating IPs if asked, hosted by the fleet's
 * network nodes), plugs every port, then measures: heap per port after GC, flows held, port-up to every affected
 * switch's acknowledgement, one port change, router interface and floating IP changes, a reconnect storm, a
 * controller crash and restart, and a cold start of everything. Method: docs/benchmarks.md, "Scale (issue 8)".
 */
public final class ScaleBench {
    private final Map<String, String> options;
    private final Path work;
    private final ScaleModel.Shape shape;
    private final ScaleRouters.Layout layout;
    /** Hypervisors and network nodes: every switch of the fleet. */
    private final int switches;
    private final ScaleController controller;
    private final NeutronClient api;
    private Token admin;
    private FleetProcess fleet;
    private ScaleModel model;
    /** Flows the fleet held once the build settled: what every later phase must come back to. */
    private static final int AUDIT_ATTEMPTS = 3;
    private long flowsBuilt;

    private ScaleBench(Map<String, String> options) throws Exception {
        this.options = options;
        this.work = Path.of(options.get("--work"));
        this.shape = new ScaleModel.Shape(intOption("--hypervisors"), intOption("--ports-per-hypervisor"),
                intOption("--tenants"), intOption("--networks-per-tenant"),
                Arrays.asList(options.get("--network-types").split(",")));
        this.layout = new ScaleRouters.Layout(intOption("--routers-per-tenant"),
                intOption("--routed-networks-per-tenant"), intOption("--floating-ips-per-router"),
                intOption("--network-nodes"));
        this.switches = shape.hypervisors() + layout.networkNodes();
        this.controller = new ScaleController(Path.of(options.get("--jar")), work, options.get("--controller-heap"),
                List.of("--tenant-network-type", shape.networkTypes().get(0), "--physical-networks",
                        ScaleRouters.PHYSICAL_NETWORK));
        this.api = controller.client();
    }

    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        BenchCluster.exit(() -> {
            ScaleBench bench = new ScaleBench(options);
            try {
                bench.run();
                return 0;
            } finally {
                bench.stop();
            }
        });
    }

    private void run() throws Exception {
        int h = shape.hypervisors();
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                BenchCluster.loadAverage());
        System.out.printf(Locale.ROOT, "shape: %d hypervisors x %d ports = %d ports; %d tenants x %d networks (%s), "
                        + "%d ports per network on %d hypervisors each%n", h, shape.portsPerHypervisor(), shape.ports(),
                shape.tenants(), shape.networksPerTenant(), String.join("/", shape.networkTypes()),
                shape.portsPerNetwork(), Math.min(h, shape.portsPerNetwork()));
        System.out.printf(Locale.ROOT, "routers: %d per tenant on its first %d networks, %d floating IPs each, on %d "
                + "network nodes%n", layout.routersPerTenant(), layout.routedNetworksPerTenant(),
                layout.floatingIpsPerRouter(), layout.networkNodes());
        System.out.println("controller: " + controller.describe() + "; fleet: -Xmx" + options.get("--fleet-heap")
                + ", " + intOption("--fleet-threads") + " event-loop threads");
        startController();
        long heapEmpty = controller.heapUsedAfterGc();

        long fleetStart = BenchCluster.epochMicros();
        fleet = startFleet(null);
        ScaleSettle.Settled connected = ScaleSettle.await(api, fleet, switches, 0, fleetStart, 0,
                Duration.ofMinutes(5));
        System.out.printf(Locale.ROOT, "fleet: %d switches and agents connected, empty model converged in %.1f s%n",
                switches,
                (connected.lastAckMicros() - fleetStart) / 1e6);

        model = new ScaleModel(api, admin, shape);
        int clients = intOption("--clients");
        int batch = intOption("--batch");
        model.createNetworks(clients, batch);
        model.createPorts(clients, batch);
        ScaleRouters routers = new ScaleRouters(api, admin, model, layout);
        routers.create(clients);
        long plugStart = BenchCluster.epochMicros();
        plugAll();
        ScaleSettle.awaitActive(api, admin, shape.ports() + routers.legs(), Duration.ofMinutes(60));
        routers.awaitActive(Duration.ofMinutes(10));
        ScaleSettle.Settled built = ScaleSettle.await(api, fleet, switches, 0, plugStart, 0, Duration.ofMinutes(30));
        flowsBuilt = built.flows();
        System.out.printf(Locale.ROOT, "build: all %d ports plugged at once (and %d router legs by the network nodes), "
                + "converged in %.1f s; %d flows held%n", shape.ports(), routers.legs(),
                (built.lastAckMicros() - plugStart) / 1e6, built.flows());

        long heap = controller.heapUsedAfterGc();
        long bytesPerPort = (heap - heapEmpty) / shape.ports();
        System.out.printf(Locale.ROOT, "heap after GC (jcmd GC.run; GC.heap_info): %,d bytes with no model, %,d with "
                        + "%d ports: %,d bytes/port (%,d bytes/port including the empty controller)%n", heapEmpty, heap,
                shape.ports(), bytesPerPort, heap / shape.ports());
        printFlows();
        audit();

        ScaleProbes probes = new ScaleProbes(api, admin, fleet, controller, model, routers, flowsBuilt);
        double p99 = probes.portUp(intOption("--warmup"), intOption("--samples"));
        probes.portChange(intOption("--changes"));
        probes.routerChanges(intOption("--changes"));
        probes.reconnectStorm(switches);

        restart();
        double converge = coldStart();
        System.out.printf(Locale.ROOT, "scale: %d hypervisors, %d ports, converge %.1f s, port-up p99 %.1f ms, "
                + "heap %d bytes/port%n", h, shape.ports(), converge, p99, bytesPerPort);
    }

    /** Starts the controller and takes an admin token (tokens do not survive a restart); returns the start. */
    private long startController() throws Exception {
        long start = controller.start(api);
        admin = api.token("admin", controller.identity().adminPassword(), "admin");
        return start;
    }

    private FleetProcess startFleet(Path plugged) throws Exception {
        Path classpath = Path.of(options.get("--classpath"));
        return FleetProcess.start(classpath, work, controller, shape.hypervisors(), layout.networkNodes(),
                intOption("--fleet-threads"),
                options.get("--fleet-heap"), plugged);
    }

    private void plugAll() throws Exception {
        List<ScaleModel.Port> ports = model.ports();
        for (int from = 0; from < ports.size(); from += 5_000) {
            List<List<String>> batch = new ArrayList<>();
            for (ScaleModel.Port p : ports.subList(from, Math.min(ports.size(), from + 5_000))) {
                batch.add(List.of(p.host(), p.id(), p.mac()));
            }
            fleet.call(Map.of("cmd", "plug", "ports", batch));
        }
    }

    private void printFlows() throws Exception {
        JsonNode status = fleet.status();
        long desired = 0;
        for (JsonNode sw : ScaleController.switches(api)) {
            desired += sw.path("desired_flows").asLong();
        }
        System.out.printf(Locale.ROOT, "flows: %,d held by the fleet (%,d per switch, %.1f per port), %,d desired by "
                        + "the controller; %,d groups, %,d meters; fleet received %,d flow-mods, %,d group-mods, "
                        + "%,d meter-mods, sent %d errors%n", status.path("flows").asLong(),
                status.path("flows").asLong() / switches,
                status.path("flows").asDouble() / shape.ports(), desired, status.path("groups").asLong(),
                status.path("meters").asLong(), status.path("flow_mods").asLong(), status.path("group_mods").asLong(),
                status.path("meter_mods").asLong(), status.path("errors_sent").asLong());
    }

    /**
     * The controller's own audit: every switch dumped and diffed against the desired state. A switch whose
     * session closed during the dumps (the fleet starved on a loaded machine misses echoes: the keepalive closes
     * it) makes the audit answer 503; it is asked again once every switch is back and settled, at most
     * {@value #AUDIT_ATTEMPTS} times, and each such retry is printed.
     */
    private void audit() throws IOException {
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            NeutronClient.Response response = api.call("GET", "/sluice/v1/audit", admin, null, Duration.ofMinutes(15));
            if (response.status() == 503 && attempt < AUDIT_ATTEMPTS) {
                System.out.printf(Locale.ROOT, "audit: 503 after %.1f s (%s); again once every switch is back%n",
                        BenchCluster.seconds(start), response.body());
                ScaleSettle.await(api, fleet, switches, 0, 0, flowsBuilt, Duration.ofMinutes(10));
                continue;
            }
            if (response.status() != 200) {
                throw new IllegalStateException("GET /sluice/v1/audit answered " + response.status() + ": "
                        + response.body());
            }
            JsonNode audit = response.json();
            System.out.printf(Locale.ROOT, "audit (GET /sluice/v1/audit, every switch dumped): drift %d, leaks %d, "
                    + "in %.1f s%n", audit.path("drift").asInt(), audit.path("leaks").asInt(),
                    BenchCluster.seconds(start));
            return;
        }
    }

    /** Kills the controller (SIGKILL) with every port in place and starts it again on its state. */
    private void restart() throws Exception {
        JsonNode before = fleet.status();
        controller.kill();
        long killed = BenchCluster.epochMicros();
        long start = startController();
        double apiUp = BenchCluster.seconds(start);
        ScaleSettle.Settled settled = ScaleSettle.await(api, fleet, switches, killed, 0,
                flowsBuilt, Duration.ofMinutes(10));
        long sentToSwitches = 0;
        for (JsonNode sw : ScaleController.switches(api)) {
            JsonNode sent = sw.path("sent_since_connect");
            sentToSwitches += sent.path("flows_added").asLong() + sent.path("flows_modified").asLong()
                    + sent.path("flows_deleted").asLong() + sent.path("group_changes").asLong();
        }
        JsonNode after = fleet.status();
        System.out.printf(Locale.ROOT, "restart (kill -9, start on the same state, %d ports): API up in %.1f s, every "
                        + "switch reconnected, known and reconciled %.1f s after the start; flow and group changes "
                        + "sent: %d by the controller's count, %d flow-mods + %d group-mods + %d meter-mods by the "
                        + "fleet's%n", shape.ports(), apiUp, (settled.seenNanos() - start) / 1e9, sentToSwitches,
                after.path("flow_mods").asLong() - before.path("flow_mods").asLong(),
                after.path("group_mods").asLong() - before.path("group_mods").asLong(),
                after.path("meter_mods").asLong() - before.path("meter_mods").asLong());
    }

    /** Everything stopped, then the controller started on its state and a fresh fleet (empty tables) with every VM. */
    private double coldStart() throws Exception {
        Path plugged = work.resolve("plugged.txt");
        model.writePlugList(plugged);
        fleet.close();
        controller.kill();
        long startMicros = BenchCluster.epochMicros();
        startController();
        double apiUp = (BenchCluster.epochMicros() - startMicros) / 1e6;
        fleet = startFleet(plugged);
        ScaleSettle.Settled settled = ScaleSettle.await(api, fleet, switches, 0, startMicros,
                flowsBuilt, Duration.ofMinutes(60));
        double converge = (settled.lastAckMicros() - startMicros) / 1e6;
        System.out.printf(Locale.ROOT, "cold start (controller started on its state, then a fresh fleet of empty "
                        + "switches with every VM plugged): API up in %.1f s; every switch's flows equal to desired "
                        + "%.1f s after the controller's start (%,d flows)%n", apiUp, converge, settled.flows());
        audit();
        return converge;
    }

    private void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        controller.close();
    }

    private int intOption(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return Integer.parseInt(value);
    }
}
