package io.sluice.bench;

import static io.sluice.bench.BenchCluster.await;
import static io.sluice.bench.BenchCluster.epochMicros;
import static io.sluice.bench.BenchCluster.loadAverage;
import static io.sluice.bench.BenchCluster.ms;
import static io.sluice.bench.BenchCluster.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.sluice.bench.NeutronClient.Token;
import io.sluice.models.tenant.NetworkType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * Port-up latency on a real test bed (issue 3): for each port, one API write at a time, the time from the
 * create call to ACTIVE and to the first ping across hypervisors; and the API's create-port throughput.
 * Started by scripts/bench/port-up, which brings the bed up and down; see docs/benchmarks.md for the method.
 *
 * <p>Per measured port: [t0] POST /v2.0/ports as the project's member (MAC and address given, so the VM could
 * be made beforehand) → PUT binding:host_id, device_owner=compute:nova, device_id as admin (what Nova does) →
 * the VM's tap: the veth made in advance is renamed to tap + 11 characters of the port id and set up → the
 * os-vif plug: one OVSDB transaction on a persistent connection → [t_active] a GET, polled every
 * {@code --poll-ms}, shows ACTIVE → [t_ping] the first echo reply that the probe VM on the other hypervisor
 * gets from the new VM (iputils ping started before t0, one request every {@code --ping-interval} s, static
 * neighbour entries on both sides). The next port starts when both have happened.
 *
 * <p>{@code --network-type mpls} measures an MPLS network (the controller started with
 * {@code --tenant-network-type mpls}, so the member's network is one): the VMs' neighbour entries then name
 * the VRF's gateway MAC, as its ARP answers would.
 */
public final class PortUpBench {
    private static final String SUBNET = "10.96.0.0/18";
    private static final int PREFIX_LENGTH = 18;
    /** Measured VMs' addresses start at 10.96.16.1; pool allocations (throughput ports) start low. */
    private static final int MEASURED_BASE = (10 << 24) | (96 << 16) | (16 << 8);
    private static final Duration PORT_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> HYPERVISORS = List.of("hv1", "hv2");
    private static final List<String> NETWORK_TYPES = List.of("vxlan", "mpls");
    /** OpenContrail's virtual gateway MAC: in an MPLS network's VRF every address answers with it. */
    private static final String VRF_GATEWAY_MAC = "00:00:5e:00:01:00";

    private final Options options;
    private final Map<String, OvsPlugger> pluggers = new LinkedHashMap<>();
    private final Map<String, IpBatch> ipBatches = new LinkedHashMap<>();
    private final Map<String, VmPrep.Probe> probes = new LinkedHashMap<>();
    private final List<String> summary = new ArrayList<>();
    private BenchCluster cluster;
    private EventLoopGroup epoll;
    private NeutronClient api;
    private Token member;
    private Token admin;
    private String networkId;
    private String subnetId;
    private VmPrep prep;
    private int nextIndex = 1;

    /** Command-line options; the script passes them all. */
    record Options(Path root, Path work, Path jar, String prefix, List<Integer> sizes, String networkType,
                   int throughputPorts, int clients, double pollMs, String pingInterval) {
        static Options parse(String[] args) {
            Map<String, String> single = new LinkedHashMap<>();
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--ports")) {
                    while (i + 1 < args.length && args[i + 1].matches("\\d+")) {
                        sizes.add(Integer.parseInt(args[++i]));
                    }
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    single.put(args[i].substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
            }
            if (sizes.isEmpty()) {
                sizes = List.of(1, 100, 1000);
            }
            return new Options(Path.of(required(single, "root")), Path.of(required(single, "work")),
                    Path.of(required(single, "jar")), single.getOrDefault("prefix", "bpu"), List.copyOf(sizes),
                    networkType(single.getOrDefault("network-type", "vxlan")),
                    Integer.parseInt(single.getOrDefault("throughput", "200")),
                    Integer.parseInt(single.getOrDefault("clients", "4")),
                    Double.parseDouble(single.getOrDefault("poll-ms", "5")),
                    single.getOrDefault("ping-interval", "0.002"));
        }

        private static String networkType(String type) {
            if (!NETWORK_TYPES.contains(type)) {
                throw new IllegalArgumentException("--network-type must be one of " + NETWORK_TYPES + ", got " + type);
            }
            return type;
        }

        private static String required(Map<String, String> options, String name) {
            String value = options.get(name);
            if (value == null) {
                throw new IllegalArgumentException("missing --" + name);
            }
            return value;
        }
    }

    /** One measured port; times in ms after t0 (the POST was sent), NaN if never seen. */
    record Measured(Vm vm, String portId, String tap, String portUuid, long t0Micros, double post, double bind,
                    double tapUp, double plugged, double ofport, double active, double ping, double pingRead,
                    int polls, double getMs) {
        boolean failed() {
            return Double.isNaN(active) || Double.isNaN(ping);
        }
    }

    private PortUpBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchCluster.exit(() -> {
            return new PortUpBench(Options.parse(args)).run();
        });
    }

    private int run() throws Exception {
        try {
            cluster = BenchCluster.of(options.root(), options.work(), options.jar(), options.prefix());
            cluster.printMachine(HYPERVISORS);
            startSluice();
            setUpTenant();
            setUpProbes();
            warmUp();
            String early = throughput("empty network (2 probe ports)");
            int failures = 0;
            Map<Integer, List<Measured>> results = new LinkedHashMap<>();
            for (int s = 0; s < options.sizes().size(); s++) {
                int n = options.sizes().get(s);
                boolean last = s == options.sizes().size() - 1;
                List<Measured> measured = measureSize(n, last);
                results.put(n, measured);
                failures += (int) measured.stream().filter(Measured::failed).count();
            }
            int largest = options.sizes().get(options.sizes().size() - 1);
            Vm afterBurst = nextVms(1).get(0);
            prep.create(List.of(afterBurst), options.work().resolve("prep-after-burst"));
            String late = throughput("network holding " + (largest + 2) + " bound, plugged ports");
            if (options.throughputPorts() > 0) {
                // The burst's creates and deletes are each a model change for the controller to work through.
                Measured m = measure(afterBurst, Duration.ofSeconds(300));
                String extra = String.format(Locale.ROOT, "  one port brought up right after that burst: ACTIVE %s ms, "
                        + "first ping %s ms (ofport seen %s ms)", Stats.f(m.active()), Stats.f(m.ping()),
                        Stats.f(m.ofport()));
                System.out.println(extra);
                late += System.lineSeparator() + extra;
            }
            stopAll();
            System.out.println();
            System.out.println("== one model change on the controller's housekeeping thread, in process (Sluice stopped), "
                    + options.networkType() + " network");
            List<Integer> costSizes = new ArrayList<>(options.sizes().stream().filter(n -> n >= 100).toList());
            if (!costSizes.contains(2 * largest) && largest >= 100) {
                costSizes.add(2 * largest);
            }
            ModelChangeCost.report(costSizes, NetworkType.byWireName(options.networkType()).orElseThrow())
                    .forEach(System.out::println);
            System.out.println();
            System.out.println("== summary");
            summary.forEach(System.out::println);
            System.out.println(early);
            System.out.println(late);
            List<Measured> lastRun = results.get(largest);
            Stats active = Stats.of(values(lastRun, Measured::active));
            Stats ping = Stats.of(values(lastRun, Measured::ping));
            System.out.printf(Locale.ROOT, "port-up ACTIVE: %d ports, p50 %.0f ms, p99 %.0f ms%n", lastRun.size(),
                    active.p50(), active.p99());
            if (failures > 0) {
                System.out.println("FAILED: " + failures + " ports did not come up within " + PORT_TIMEOUT
                        + " (counted at the timeout in the percentiles)");
            }
            System.out.printf(Locale.ROOT, "port-up: %d ports, p50 %.0f ms, p99 %.0f ms%n", lastRun.size(),
                    ping.p50(), ping.p99());
            return failures == 0 ? 0 : 1;
        } finally {
            stopAll();
        }
    }

    // --- bed and processes -------------------------------------------------------------------------------

    private void startSluice() throws Exception {
        Map<String, List<String>> agentArgs = new LinkedHashMap<>();
        HYPERVISORS.forEach(host -> agentArgs.put(host, List.of()));
        // The member creates the network as before; the controller makes it of the type measured.
        cluster.start(List.of("--tenant-network-type", options.networkType()), agentArgs);
        api = cluster.api();
        member = cluster.member();
        admin = cluster.admin();
        System.out.println("agents: java -Xmx256m -XX:TieredStopAtLevel=1 -jar sluice.jar agent, one per hypervisor");
        epoll = new EpollEventLoopGroup(1);
        for (String host : HYPERVISORS) {
            pluggers.put(host, OvsPlugger.connect(epoll, Path.of(cluster.fact(host, "DB_SOCK"))));
            ipBatches.put(host, new IpBatch(cluster.fact(host, "NS")));
        }
    }

    private void setUpTenant() {
        api.expect(200, "PUT", "/v2.0/quotas/" + member.projectId(), admin, Map.of("quota", Map.of("port", -1)));
        networkId = api.expect(201, "POST", "/v2.0/networks", member, Map.of("network", Map.of("name", "bench")))
                .path("network").path("id").asText();
        JsonNode network = api.expect(200, "GET", "/v2.0/networks/" + networkId, admin, null).path("network");
        String type = network.path("provider:network_type").asText();
        if (!type.equals(options.networkType())) {
            throw new IllegalStateException("network type " + type + ", wanted " + options.networkType());
        }
        subnetId = api.expect(201, "POST", "/v2.0/subnets", member, Map.of("subnet", Map.of("network_id", networkId,
                "ip_version", 4, "cidr", SUBNET, "name", "bench"))).path("subnet").path("id").asText();
        System.out.printf(Locale.ROOT, "tenant: project %s, network %s (%s, %s %s, MTU %s), subnet %s (DHCP on)%n",
                member.projectId(), networkId, type, type.equals("mpls") ? "VRF" : "VNI",
                network.path("provider:segmentation_id").asText(),
                network.path("mtu").asText(), SUBNET);
    }

    /** Whether the network routes (an MPLS network's VRF) rather than switches. */
    private boolean routed() {
        return options.networkType().equals("mpls");
    }

    /** A probe VM per hypervisor, plugged (untimed, with ovs-vsctl), ACTIVE, addressed statically. */
    private void setUpProbes() throws Exception {
        Map<String, String> hostNamespaces = new LinkedHashMap<>();
        HYPERVISORS.forEach(h -> hostNamespaces.put(h, cluster.fact(h, "NS")));
        prep = new VmPrep(hostNamespaces, probes, PREFIX_LENGTH,
                routed() ? Optional.of(VRF_GATEWAY_MAC) : Optional.empty());
        for (int i = 0; i < HYPERVISORS.size(); i++) {
            String host = HYPERVISORS.get(i);
            String name = "probe" + (i + 1);
            String ip = "10.96.0." + (10 + i);
            String mac = String.format(Locale.ROOT, "fa:16:3e:a0:00:%02x", i + 1);
            String id = createPort(name, mac, ip).path("port").path("id").asText();
            bind(id, host, UUID.randomUUID().toString());
            Sh.run(options.root(), List.of(options.root().resolve("scripts/testbed").toString(), "plug-vm",
                    "--prefix", options.prefix(), "--host", host, "--name", name, "--port-id", id, "--mac", mac,
                    "--ip", ip + "/" + PREFIX_LENGTH));
            probes.put(host, new VmPrep.Probe(options.prefix() + "-vm-" + name, ip, mac));
            await(name + " ACTIVE", Duration.ofSeconds(30), () -> "ACTIVE".equals(status(id)));
        }
        VmPrep.Probe p1 = probes.get("hv1");
        VmPrep.Probe p2 = probes.get("hv2");
        Sh.run(options.root(), List.of("ip", "-n", p1.namespace(), "neigh", "replace", p2.ip(), "lladdr",
                prep.neighbourMac(p2.mac()), "dev", "eth0", "nud", "permanent"));
        Sh.run(options.root(), List.of("ip", "-n", p2.namespace(), "neigh", "replace", p1.ip(), "lladdr",
                prep.neighbourMac(p1.mac()), "dev", "eth0", "nud", "permanent"));
        Sh.run(options.root(), List.of("ip", "netns", "exec", p1.namespace(), "ping", "-c", "3", "-i", "0.2", "-W",
                "1", p2.ip()));
        System.out.println("probes: probe1 " + p1.ip() + " on hv1, probe2 " + p2.ip()
                + " on hv2, ACTIVE, pinging each other through "
                + (routed() ? "MPLS over GRE (the controller's default encapsulation)" : "VXLAN"));
    }

    // --- port-up --------------------------------------------------------------------------------------------

    private List<Measured> measureSize(int n, boolean last) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "== %d port%s, round-robin over %s, each pinged from the probe on the other "
                + "hypervisor%n", n, n == 1 ? "" : "s", HYPERVISORS);
        List<Vm> vms = nextVms(n);
        long prepStart = System.nanoTime();
        prep.create(vms, options.work().resolve("prep-" + n));
        System.out.printf(Locale.ROOT, "prepared %d VM namespaces and veth pairs in %.1f s (untimed)%n", n,
                seconds(prepStart));
        cluster.awaitQuiet();
        JsonNode switchesBefore = api.status("/sluice/v1/switches");
        String loadBefore = loadAverage();
        Cpu.Sample cpuBefore = Cpu.sample(cluster.cpuGroups(HYPERVISORS), cluster.controller().pid());
        long wallStart = System.nanoTime();
        List<Measured> measured = new ArrayList<>();
        for (Vm vm : vms) {
            measured.add(measure(vm));
            if (n >= 100 && measured.size() % (n / 10) == 0) {
                Measured m = measured.get(measured.size() - 1);
                System.out.printf(Locale.ROOT, "  %d/%d: last ACTIVE %s ms, ping %s ms; load %s%n", measured.size(),
                        n, Stats.f(m.active()), Stats.f(m.ping()), loadAverage());
            }
        }
        double wall = seconds(wallStart);
        Cpu.Sample cpuAfter = Cpu.sample(cluster.cpuGroups(HYPERVISORS), cluster.controller().pid());
        String loadAfter = loadAverage();
        JsonNode switchesAfter = api.status("/sluice/v1/switches");
        report(n, measured, wall, loadBefore, loadAfter, cpuBefore, cpuAfter, switchesBefore, switchesAfter);
        writeCsv(n, measured);
        if (!last) {
            removePorts(measured, vms, n);
        }
        return measured;
    }

    /** The next n measured VMs, round-robin over the hypervisors (the first on hv1), each with a fresh address. */
    private List<Vm> nextVms(int n) {
        List<Vm> vms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = nextIndex++;
            String host = HYPERVISORS.get(i % HYPERVISORS.size());
            String other = HYPERVISORS.get((i + 1) % HYPERVISORS.size());
            vms.add(new Vm(index, host, other, String.format(Locale.ROOT, "%s-vm-m%05d", options.prefix(), index),
                    String.format(Locale.ROOT, "pv%05d", index), mac(index), ip(index), UUID.randomUUID().toString()));
        }
        return vms;
    }

    private Measured measure(Vm vm) throws Exception {
        return measure(vm, PORT_TIMEOUT);
    }

    private Measured measure(Vm vm, Duration timeout) throws Exception {
        VmPrep.Probe probe = probes.get(vm.probeHost());
        try (Pinger pinger = Pinger.start(probe.namespace(), vm.ip(), options.pingInterval())) {
            long t0 = System.nanoTime();
            long t0Micros = epochMicros();
            String id = createPort("bpu-m" + vm.index(), vm.mac(), vm.ip()).path("port").path("id").asText();
            long tPost = System.nanoTime();
            bind(id, vm.host(), vm.vmUuid());
            long tBind = System.nanoTime();
            String tap = "tap" + id.substring(0, 11);
            ipBatches.get(vm.host()).renameUp(vm.tempDev(), tap);
            long tTap = System.nanoTime();
            OvsPlugger plugger = pluggers.get(vm.host());
            String portUuid = plugger.plug(tap, id, vm.mac(), vm.vmUuid());
            long tPlug = System.nanoTime();
            long deadline = t0 + timeout.toNanos();
            long pollNanos = (long) (options.pollMs() * 1e6);
            double active = Double.NaN;
            int polls = 0;
            double getTotal = 0;
            while (System.nanoTime() < deadline) {
                long sent = System.nanoTime();
                String status = status(id);
                long answered = System.nanoTime();
                polls++;
                getTotal += (answered - sent) / 1e6;
                if ("ACTIVE".equals(status)) {
                    active = (answered - t0) / 1e6;
                    break;
                }
                long wait = sent + pollNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            double ping = Double.NaN;
            double pingRead = Double.NaN;
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                Pinger.Reply reply = pinger.firstReply().get(left, TimeUnit.NANOSECONDS);
                ping = (reply.epochMicros() - t0Micros) / 1e3;
                pingRead = (reply.readNanos() - t0) / 1e6;
            } catch (TimeoutException e) {
                // counted as failed
            }
            Long ofportAt = plugger.ofportSeenAt(tap);
            Measured m = new Measured(vm, id, tap, portUuid, t0Micros, ms(t0, tPost), ms(t0, tBind), ms(t0, tTap),
                    ms(t0, tPlug), ofportAt == null ? Double.NaN : (ofportAt - t0) / 1e6, active, ping, pingRead,
                    polls, getTotal / Math.max(1, polls));
            if (m.failed()) {
                System.out.printf(Locale.ROOT, "  port %s (%s on %s) FAILED: ACTIVE %s, ping %s%n", id, vm.ip(),
                        vm.host(), Stats.f(active), Stats.f(ping));
            }
            return m;
        }
    }

    private JsonNode createPort(String name, String mac, String ip) {
        return api.expect(201, "POST", "/v2.0/ports", member, Map.of("port", Map.of("network_id", networkId,
                "name", name, "mac_address", mac,
                "fixed_ips", List.of(Map.of("subnet_id", subnetId, "ip_address", ip)))));
    }

    /** What Nova does once it has chosen the host, with its admin token. */
    private void bind(String portId, String host, String deviceId) {
        api.expect(200, "PUT", "/v2.0/ports/" + portId, admin, Map.of("port", Map.of("binding:host_id", host,
                "device_owner", "compute:nova", "device_id", deviceId)));
    }

    private String status(String portId) {
        NeutronClient.Response r = api.call("GET", "/v2.0/ports/" + portId + "?fields=status", member, null);
        return r.status() == 200 ? r.json().path("port").path("status").asText() : "HTTP " + r.status();
    }

    /** Deletes the ports through the API, unplugs them with OVSDB and removes their namespaces. */
    private void removePorts(List<Measured> measured, List<Vm> vms, int n) throws Exception {
        long start = System.nanoTime();
        Map<String, List<String>> uuidsByHost = new LinkedHashMap<>();
        for (Measured m : measured) {
            if (m.portId() != null) {
                api.expect(204, "DELETE", "/v2.0/ports/" + m.portId(), member, null);
            }
            if (m.portUuid() != null) {
                uuidsByHost.computeIfAbsent(m.vm().host(), h -> new ArrayList<>()).add(m.portUuid());
            }
        }
        for (Map.Entry<String, List<String>> e : uuidsByHost.entrySet()) {
            pluggers.get(e.getKey()).unplug(e.getValue());
        }
        prep.remove(vms, options.work().resolve("prep-" + n));
        cluster.awaitQuiet();
        System.out.printf(Locale.ROOT, "removed the %d ports (API delete, OVSDB unplug, namespaces) in %.1f s%n", n,
                seconds(start));
    }

    // --- throughput ---------------------------------------------------------------------------------------

    /** M sequential POSTs, then M by several clients at once; the ports are deleted afterwards (untimed). */
    private String throughput(String state) throws Exception {
        int m = options.throughputPorts();
        if (m <= 0) {
            return "create-port throughput: skipped";
        }
        cluster.awaitQuiet();
        List<String> ids = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < m; i++) {
            long sent = System.nanoTime();
            ids.add(postPlain());
            latencies.add(ms(sent, System.nanoTime()));
        }
        double sequential = m / seconds(start);
        Stats seqStats = Stats.of(latencies);
        int clients = options.clients();
        List<Double> concurrentLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long cStart = System.nanoTime();
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int share = m / clients + (c < m % clients ? 1 : 0);
            futures.add(pool.submit(() -> {
                List<String> made = new ArrayList<>();
                for (int i = 0; i < share; i++) {
                    long sent = System.nanoTime();
                    made.add(postPlain());
                    concurrentLatencies.add(ms(sent, System.nanoTime()));
                }
                return made;
            }));
        }
        for (Future<List<String>> f : futures) {
            ids.addAll(f.get());
        }
        double concurrent = m / seconds(cStart);
        Stats cStats = Stats.of(concurrentLatencies);
        List<Future<?>> deletes = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            deletes.add(pool.submit(() -> {
                for (int i = client; i < ids.size(); i += clients) {
                    api.expect(204, "DELETE", "/v2.0/ports/" + ids.get(i), member, null);
                }
            }));
        }
        for (Future<?> f : deletes) {
            f.get();
        }
        pool.shutdown();
        String line = String.format(Locale.ROOT, "create-port throughput (%s): sequential %.0f ports/s (%d POSTs, "
                + "p50 %s ms, p99 %s ms); %d clients %.0f ports/s (p50 %s ms, p99 %s ms); load %s", state, sequential,
                m, Stats.f(seqStats.p50()), Stats.f(seqStats.p99()), clients, concurrent, Stats.f(cStats.p50()),
                Stats.f(cStats.p99()), loadAverage());
        System.out.println(line);
        return line;
    }

    /**
     * A freshly started JVM is JIT-cold: its first few hundred requests are several times slower. Untimed
     * creates, binds and deletes first, so the first figures describe a controller that has been running.
     */
    private void warmUp() {
        long start = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            String id = postPlain();
            bind(id, HYPERVISORS.get(i % HYPERVISORS.size()), UUID.randomUUID().toString());
            status(id);
            api.expect(204, "DELETE", "/v2.0/ports/" + id, member, null);
        }
        cluster.awaitQuiet();
        System.out.printf(Locale.ROOT, "warm-up: 300 untimed create/bind/show/delete cycles in %.1f s%n",
                seconds(start));
    }

    private String postPlain() {
        return api.expect(201, "POST", "/v2.0/ports", member, Map.of("port", Map.of("network_id", networkId,
                "name", "bpu-tput"))).path("port").path("id").asText();
    }

    // --- reporting ----------------------------------------------------------------------------------------

    private void report(int n, List<Measured> measured, double wall, String loadBefore, String loadAfter,
                        Cpu.Sample cpuBefore, Cpu.Sample cpuAfter, JsonNode before, JsonNode after)
            throws IOException {
        long failed = measured.stream().filter(Measured::failed).count();
        System.out.printf(Locale.ROOT, "results, %d ports in %.1f s (load average before %s, after %s):%n", n, wall,
                loadBefore, loadAfter);
        line("POST /v2.0/ports answered (201)", measured, Measured::post);
        line("+ PUT binding answered (admin)", measured, Measured::bind);
        line("+ tap renamed and up", measured, Measured::tapUp);
        line("+ OVSDB plug committed", measured, Measured::plugged);
        line("ofport assigned (OVSDB monitor)", measured, Measured::ofport);
        line("ACTIVE (GET every " + Stats.f(options.pollMs()) + " ms)", measured, Measured::active);
        line("first ping reply (cross-hypervisor)", measured, Measured::ping);
        // The part after ovs-vswitchd numbered the port: the agent's report, compiling, flows on both switches.
        line("first ping - ofport assigned", measured, m -> m.ping() - m.ofport());
        Stats post = Stats.of(values(measured, Measured::post));
        Stats get = Stats.of(values(measured, Measured::getMs));
        Stats polls = Stats.of(measured.stream().map(m -> (double) m.polls()).toList());
        Stats lag = Stats.of(measured.stream().map(m -> m.pingRead() - m.ping()).filter(d -> !d.isNaN()).toList());
        System.out.printf(Locale.ROOT, "  status GET round trip p50 %s ms (%s polls per port p50); ping line read by "
                + "the driver %s ms (p50) after ping's timestamp%n", Stats.f(get.p50()), Stats.f(polls.p50()),
                Stats.f(lag.p50()));
        System.out.printf(Locale.ROOT, "  failed: %d%n", failed);
        System.out.println("  CPU during the run (% of one core): " + Cpu.describe(cpuBefore, cpuAfter));
        System.out.println("  controller threads (% of one core): " + Cpu.describeThreads(cpuBefore, cpuAfter, 6));
        System.out.println("  switches: " + switchDelta(before, after));
        if (n >= 100) {
            System.out.println("  by creation order (the network holds more ports as the run goes on):");
            for (int k = 0; k < 10; k++) {
                List<Measured> block = measured.subList(k * n / 10, (k + 1) * n / 10);
                Stats a = Stats.of(values(block, Measured::active));
                Stats p = Stats.of(values(block, Measured::ping));
                Stats o = Stats.of(block.stream().map(m -> m.ofport() - m.plugged()).filter(d -> !d.isNaN()).toList());
                System.out.printf(Locale.ROOT, "    ports %4d-%4d: ping p50 %5s p99 %5s | ACTIVE p50 %5s p99 %5s | "
                                + "plug -> ofport p50 %5s ms%n", k * n / 10 + 1, (k + 1) * n / 10, Stats.f(p.p50()),
                        Stats.f(p.p99()), Stats.f(a.p50()), Stats.f(a.p99()), Stats.f(o.p50()));
            }
        }
        analyseLog(measured, "all ports");
        if (n >= 100) {
            analyseLog(measured.subList(n - n / 10, n), "last " + n / 10 + " ports");
        }
        Stats active = Stats.of(values(measured, Measured::active));
        Stats ping = Stats.of(values(measured, Measured::ping));
        Stats afterOfport = Stats.of(values(measured, m -> m.ping() - m.ofport()));
        summary.add(String.format(Locale.ROOT, "N=%-5d ACTIVE p50 %6s p99 %6s max %6s | ping p50 %6s p99 %6s max %6s "
                        + "| ofport -> ping p50 %5s p99 %5s | POST p50 %5s p99 %5s ms | failed %d | load %s -> %s", n,
                Stats.f(active.p50()), Stats.f(active.p99()), Stats.f(active.max()), Stats.f(ping.p50()),
                Stats.f(ping.p99()), Stats.f(ping.max()), Stats.f(afterOfport.p50()), Stats.f(afterOfport.p99()),
                Stats.f(post.p50()), Stats.f(post.p99()), failed, loadBefore, loadAfter));
    }

    private static void line(String what, List<Measured> measured, ToDoubleFunction<Measured> f) {
        System.out.printf(Locale.ROOT, "  %-38s %s%n", what, Stats.of(values(measured, f)).ms());
    }

    /**
     * Where the time between the plug and ACTIVE went, from the controller's reconciliation log lines: for
     * each port, the runs that finished between its t0 and its ACTIVE, on its own hypervisor and the other.
     */
    private void analyseLog(List<Measured> measured, String which) throws IOException {
        List<ControllerLog.Run> runs = ControllerLog.runs(options.work().resolve("controller.log"), cluster.hostByDpid(),
                LocalDate.now());
        List<Double> count = new ArrayList<>();
        List<Double> firstStartAfterOfport = new ArrayList<>();
        List<Double> ownAck = new ArrayList<>();
        List<Double> otherAck = new ArrayList<>();
        List<Double> publish = new ArrayList<>();
        List<Double> runTook = new ArrayList<>();
        for (Measured m : measured) {
            if (m.failed()) {
                continue;
            }
            long t0 = m.t0Micros();
            long activeAt = t0 + (long) (m.active() * 1000);
            double lastOwn = Double.NaN;
            double lastOther = Double.NaN;
            double firstAfterOfport = Double.NaN;
            int inWindow = 0;
            for (ControllerLog.Run run : runs) {
                if (run.endMicros() < t0 || run.endMicros() > activeAt) {
                    continue;
                }
                inWindow++;
                runTook.add((run.endMicros() - run.startMicros()) / 1e3);
                double end = (run.endMicros() - t0) / 1e3;
                double start = (run.startMicros() - t0) / 1e3;
                if (run.host().equals(m.vm().host())) {
                    lastOwn = end;
                    if (Double.isNaN(firstAfterOfport) && !Double.isNaN(m.ofport()) && start >= m.ofport() - 1) {
                        firstAfterOfport = start - m.ofport();
                    }
                } else {
                    lastOther = end;
                }
            }
            count.add((double) inWindow);
            if (!Double.isNaN(firstAfterOfport)) {
                firstStartAfterOfport.add(firstAfterOfport);
            }
            if (!Double.isNaN(lastOwn)) {
                ownAck.add(lastOwn);
                publish.add(m.active() - Math.max(lastOwn, Double.isNaN(lastOther) ? lastOwn : lastOther));
            }
            if (!Double.isNaN(lastOther)) {
                otherAck.add(lastOther);
            }
        }
        System.out.println("  controller log, " + which + " (reconciliation runs that sent flows, ms resolution):");
        System.out.printf(Locale.ROOT, "    runs finishing between t0 and ACTIVE per port: p50 %s, max %s; one run "
                + "took p50 %s ms, p99 %s ms%n", Stats.f(Stats.of(count).p50()), Stats.f(Stats.of(count).max()),
                Stats.f(Stats.of(runTook).p50()), Stats.f(Stats.of(runTook).p99()));
        System.out.printf(Locale.ROOT, "    ofport seen -> first run on its switch starts: %s%n",
                Stats.of(firstStartAfterOfport).ms());
        System.out.printf(Locale.ROOT, "    last run on its own switch acknowledged (after t0): %s%n",
                Stats.of(ownAck).ms());
        System.out.printf(Locale.ROOT, "    last run on the other switch acknowledged (after t0): %s%n",
                Stats.of(otherAck).ms());
        System.out.printf(Locale.ROOT, "    last acknowledgement -> ACTIVE seen by GET: %s%n", Stats.of(publish).ms());
    }

    private String switchDelta(JsonNode before, JsonNode after) {
        List<String> parts = new ArrayList<>();
        for (JsonNode sw : after.path("switches")) {
            String host = sw.path("host").asText();
            if (!HYPERVISORS.contains(host)) {
                continue;
            }
            JsonNode was = null;
            for (JsonNode b : before.path("switches")) {
                if (b.path("datapath_id").asText().equals(sw.path("datapath_id").asText())) {
                    was = b;
                }
            }
            JsonNode now = sw.path("sent_since_connect");
            JsonNode then = was == null ? null : was.path("sent_since_connect");
            parts.add(String.format(Locale.ROOT, "%s %d flows desired, %d runs, +%d ~%d -%d flows, %d group changes",
                    host, sw.path("desired_flows").asLong(), delta(now, then, "runs"), delta(now, then, "flows_added"),
                    delta(now, then, "flows_modified"), delta(now, then, "flows_deleted"),
                    delta(now, then, "group_changes")));
        }
        return String.join("; ", parts);
    }

    private static long delta(JsonNode now, JsonNode then, String field) {
        return now.path(field).asLong() - (then == null ? 0 : then.path(field).asLong());
    }

    private void writeCsv(int n, List<Measured> measured) throws IOException {
        Path file = options.work().resolve("port-up-" + n + ".csv");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.println("index,host,port_id,ip,t0_epoch_us,post_ms,bind_ms,tap_ms,plug_ms,ofport_ms,active_ms,ping_ms,"
                    + "ping_read_ms,polls,get_ms");
            for (Measured m : measured) {
                out.printf(Locale.ROOT, "%d,%s,%s,%s,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%.3f%n",
                        m.vm().index(), m.vm().host(), m.portId(), m.vm().ip(), m.t0Micros(), m.post(), m.bind(),
                        m.tapUp(), m.plugged(), m.ofport(), m.active(), m.ping(), m.pingRead(), m.polls(), m.getMs());
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private void stopAll() {
        ipBatches.values().forEach(IpBatch::close);
        ipBatches.clear();
        pluggers.values().forEach(OvsPlugger::close);
        pluggers.clear();
        if (epoll != null) {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            epoll = null;
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<Double> values(List<Measured> measured, ToDoubleFunction<Measured> f) {
        return Stats.countingMissingAt(measured, f, PORT_TIMEOUT);
    }

    private static String ip(int index) {
        int a = MEASURED_BASE + index;
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    private static String mac(int index) {
        return String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", 0xb0 + (index >>> 16), (index >>> 8) & 0xff,
                index & 0xff);
    }
}
