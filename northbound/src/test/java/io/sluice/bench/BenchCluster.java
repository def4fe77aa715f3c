package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Sluice on a test bed for a benchmark driver: the bed's facts ({@code scripts/testbed env}), an identity file
 * with an admin and a member of project {@code bench}, the controller and one agent per host (each agent in its
 * host's network namespace only, as {@code nsenter --net}, so namespaces it makes outlive it), the wait until
 * every host's switch has converged, and both users' tokens. Ports follow the test bed's slot.
 */
final class BenchCluster implements AutoCloseable {
    private final Path root;
    private final Path work;
    private final Path jar;
    private final String prefix;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, Process> agents = new LinkedHashMap<>();
    private final Map<String, String> hostByDpid = new LinkedHashMap<>();
    private final int base;
    private Process controller;
    private NeutronClient api;
    private Token member;
    private Token admin;

    private BenchCluster(Path root, Path work, Path jar, String prefix) throws Exception {
        this.root = root;
        this.work = work;
        this.jar = jar;
        this.prefix = prefix;
        String out = Sh.run(root, List.of(root.resolve("scripts/testbed").toString(), "env", "--prefix", prefix));
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
            }
        }
        base = 20000 + 100 * Integer.parseInt(env("SLOT"));
    }

    /** The bed of this prefix, which must be up; nothing is started yet. */
    static BenchCluster of(Path root, Path work, Path jar, String prefix) throws Exception {
        Files.createDirectories(work);
        return new BenchCluster(root, work, jar, prefix);
    }

    String env(String key) {
        String value = env.get(key);
        if (value == null) {
            throw new IllegalStateException("testbed env has no " + key);
        }
        return value;
    }

    /** A per-host fact, e.g. {@code fact("hv1", "NS")}. */
    String fact(String host, String key) {
        return env(host.toUpperCase(Locale.ROOT) + "_" + key);
    }

    int apiPort() {
        return base + 96;
    }

    Path root() {
        return root;
    }

    /** Where the bed's network node keeps a router (its agent names router namespaces with the bed's prefix). */
    String routerNamespace(String routerId) {
        return prefix + "-qrouter-" + routerId;
    }

    String prefix() {
        return prefix;
    }

    NeutronClient api() {
        return api;
    }

    Token member() {
        return member;
    }

    Token admin() {
        return admin;
    }

    Process controller() {
        return controller;
    }

    /** Datapath id → host, for the switches that had converged when the cluster was started. */
    Map<String, String> hostByDpid() {
        return hostByDpid;
    }

    void printMachine(List<String> hosts) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        String ovs = Sh.run(root, List.of("ovs-vswitchd", "--version")).split("\n")[0];
        System.out.printf(Locale.ROOT, "machine: %d cores (%s), %.0f GiB, %s, Java %s; load average %s%n",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1048576.0, ovs,
                System.getProperty("java.version"), loadAverage());
        System.out.printf(Locale.ROOT, "bed %s: hypervisors %s (userspace datapath), controller %s, API port %d%n",
                prefix, hosts, env("CONTROLLER_IP"), apiPort());
    }

    /**
     * Writes the identity file and starts the controller with {@code controllerArgs} after the common ones,
     * waits for its API, starts an agent per host with that host's extra arguments, waits until every host's
     * switch has converged, and takes both users' tokens.
     */
    void start(List<String> controllerArgs, Map<String, List<String>> agentArgsByHost) throws Exception {
        int openflowPort = base + 53;
        int agentPort = base + 70;
        int keystonePort = base + 50;
        Path state = work.resolve("state");
        Files.createDirectories(state);
        BenchIdentity identity = BenchIdentity.write(state);

        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
        command.addAll(javaOpts("BENCH_CONTROLLER_JAVA_OPTS"));
        command.addAll(List.of("-jar", jar.toString(), "controller",
                "--openflow-listen", "0.0.0.0:" + openflowPort, "--agent-listen", "0.0.0.0:" + agentPort,
                "--api-listen", "127.0.0.1:" + apiPort(), "--keystone-listen", "127.0.0.1:" + keystonePort,
                "--state-dir", state.toString(), "--datapath-type", "netdev", "--audit-interval", "PT1H",
                "--token-ttl", "PT4H"));
        command.addAll(controllerArgs);
        controller = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("controller.log").toFile()).start();
        Files.writeString(work.resolve("controller.pid"), controller.pid() + "\n");
        System.out.println("controller: " + String.join(" ", command.subList(0, command.indexOf("-jar")))
                + " -jar sluice.jar controller ... --datapath-type netdev --audit-interval PT1H"
                + (controllerArgs.isEmpty() ? "" : " " + String.join(" ", controllerArgs))
                + " (pid " + controller.pid() + ")");
        api = new NeutronClient(keystonePort, apiPort());
        await("controller API", Duration.ofSeconds(60), () -> {
            try {
                return api.status("/sluice/v1/switches").has("switches");
            } catch (IllegalStateException e) {
                return false;
            }
        });
        for (Map.Entry<String, List<String>> entry : agentArgsByHost.entrySet()) {
            String host = entry.getKey();
            List<String> agent = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + fact(host, "NS"), java(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1"));
            agent.addAll(javaOpts("BENCH_AGENT_JAVA_OPTS"));
            agent.addAll(List.of("-jar", jar.toString(), "agent", "--ovsdb", fact(host, "DB_SOCK"),
                    "--controller", env("CONTROLLER_IP"), "--openflow-port", String.valueOf(openflowPort),
                    "--agent-port", String.valueOf(agentPort), "--datapath-type", "netdev",
                    "--tunnel-ip", fact(host, "TUNNEL_IP"), "--host", host,
                    "--router-namespace-prefix", prefix + "-qrouter-"));
            agent.addAll(entry.getValue());
            agents.put(host, new ProcessBuilder(agent).redirectErrorStream(true)
                    .redirectOutput(work.resolve("agent-" + host + ".log").toFile()).start());
        }
        awaitConverged(agentArgsByHost.keySet().stream().toList());
        member = api.token("bench", identity.memberPassword(), "bench");
        admin = api.token("admin", identity.adminPassword(), "admin");
    }

    private void awaitConverged(List<String> hosts) {
        String what = hosts.size() == 2 ? "both switches known and converged" : "all switches known and converged";
        await(what, Duration.ofSeconds(90), () -> {
            JsonNode switches = api.status("/sluice/v1/switches").path("switches");
            int ready = 0;
            for (JsonNode sw : switches) {
                if (hosts.contains(sw.path("host").asText())
                        && sw.path("last_reconcile").path("converged").asBoolean(false)) {
                    hostByDpid.put(sw.path("datapath_id").asText(), sw.path("host").asText());
                    ready++;
                }
            }
            return ready == hosts.size();
        });
    }

    /** Waits until no switch has finished a reconciliation for 2 s (at most 120 s). */
    void awaitQuiet() {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = "";
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            StringBuilder marks = new StringBuilder();
            for (JsonNode sw : api.status("/sluice/v1/switches").path("switches")) {
                marks.append(sw.path("last_reconcile").path("at").asText()).append(' ');
            }
            if (!marks.toString().equals(last)) {
                last = marks.toString();
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > Duration.ofSeconds(2).toNanos()) {
                return;
            }
            sleep(200);
        }
        System.out.println("  (switches still reconciling after 120 s; going on)");
    }

    /** Process groups for {@link Cpu}: controller, agents, the hosts' OVS daemons and this driver. */
    Map<String, List<Long>> cpuGroups(List<String> hosts) throws IOException {
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        groups.put("controller", List.of(controller.pid()));
        groups.put("agents", agents.values().stream().map(Process::pid).toList());
        List<Long> vswitchd = new ArrayList<>();
        List<Long> ovsdb = new ArrayList<>();
        for (String host : hosts) {
            vswitchd.add(pidFile(fact(host, "RUNDIR") + "/ovs-vswitchd.pid"));
            ovsdb.add(pidFile(fact(host, "RUNDIR") + "/ovsdb-server.pid"));
        }
        groups.put("ovs-vswitchd", vswitchd);
        groups.put("ovsdb-server", ovsdb);
        groups.put("driver", List.of(ProcessHandle.current().pid()));
        return groups;
    }

    /** Runs {@code scripts/testbed COMMAND --prefix P ARGS...}. */
    String testbed(String command, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(root.resolve("scripts/testbed").toString(), command, "--prefix",
                prefix));
        all.addAll(List.of(args));
        return Sh.run(root, all);
    }

    /** Stops the agents and the controller. */
    @Override
    public void close() {
        agents.values().forEach(BenchCluster::stop);
        stop(controller);
    }

    private static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long pidFile(String file) throws IOException {
        return Long.parseLong(Files.readString(Path.of(file)).trim());
    }

    // --- small helpers both drivers use ---------------------------------------------------------------------

    /** A driver's main: its exit code, 1 (with the stack trace) if it threw. */
    static void exit(Callable<Integer> driver) {
        int rc;
        try {
            rc = driver.call();
        } catch (Exception e) {
            e.printStackTrace();
            rc = 1;
        }
        System.out.flush();
        System.exit(rc);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, 50, condition);
    }

    /** Asks {@code condition} every {@code pollMillis} until it holds; a timing taken around it has that resolution. */
    static void await(String what, Duration timeout, long pollMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            sleep(pollMillis);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static double ms(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e6;
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> javaOpts(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
