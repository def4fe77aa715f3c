package io.sluice.dataplane.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private Open vSwitch for one test class: its own ovsdb-server on a unix socket in a temp dir and,
 * on request, an ovs-vswitchd (userspace datapath) inside a fresh network namespace, because several
 * vswitchds in one namespace collide. Everything it creates is named with a prefix, {@code sluice-dp-} unless
 * the test names its own.
 * {@link #close()} removes all of it, also after a partial start.
 */
public final class OvsTestBed implements AutoCloseable {
    public static final String PREFIX = "sluice-dp-";
    private static final String SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema";
    private static final Logger log = LoggerFactory.getLogger(OvsTestBed.class);

    private final Path dir;
    private final String prefix;
    private String namespace;

    private OvsTestBed(Path dir, String prefix) {
        this.dir = dir;
        this.prefix = prefix;
    }

    /** What this machine lacks to run the beds: tools, and root if {@code needsRoot}; empty if nothing. */
    static List<String> missingTools(boolean needsRoot, List<String> moreTools) {
        List<String> missing = new ArrayList<>();
        for (String tool : moreTools) {
            if (tool.startsWith("/") ? !Files.isExecutable(Path.of(tool)) : onPath(tool).isEmpty()) {
                missing.add(tool + (tool.startsWith("/") ? " missing" : " not on PATH"));
            }
        }
        for (String tool : needsRoot
                ? List.of("ovsdb-tool", "ovsdb-server", "ovs-vsctl", "ovs-vswitchd", "ovs-ofctl", "ip")
                : List.of("ovsdb-tool", "ovsdb-server", "ovs-vsctl")) {
            if (onPath(tool).isEmpty()) {
                missing.add(tool + " not on PATH");
            }
        }
        if (!Files.isReadable(Path.of(SCHEMA))) {
            missing.add(SCHEMA + " missing");
        }
        if (needsRoot && !"root".equals(System.getProperty("user.name"))) {
            missing.add("not root (namespaces and ovs-vswitchd need it)");
        }
        return missing;
    }

    /** Creates the temp dir and starts ovsdb-server on a fresh, initialised database. */
    public static OvsTestBed startOvsdb() throws IOException, InterruptedException {
        return startOvsdb(PREFIX);
    }

    /** The same, with the temp dir and namespace named with {@code prefix}. */
    public static OvsTestBed startOvsdb(String prefix) throws IOException, InterruptedException {
        OvsTestBed bed = new OvsTestBed(Files.createTempDirectory(prefix), prefix);
        try {
            bed.run("ovsdb-tool", "create", bed.dir.resolve("conf.db").toString(), SCHEMA);
            bed.startOvsdbServer();
            bed.vsctl("init");
            return bed;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            bed.close();
            throw e;
        }
    }

    public Path socket() {
        return dir.resolve("db.sock");
    }

    /** Runs ovs-vsctl against this bed without waiting for ovs-vswitchd; returns its trimmed output. */
    public String vsctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + socket(), "--no-wait"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** The same, or "" if ovs-vsctl fails (e.g. the row is gone for now): for conditions polled by {@link Await}. */
    public String vsctlOrEmpty(String... args) {
        try {
            return vsctl(args);
        } catch (IOException | AssertionError e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Waits until ovs-vswitchd has applied every change made to the database so far: ovs-vsctl without
     * --no-wait waits for that after any change, so this makes a harmless one.
     */
    public void sync() throws IOException, InterruptedException {
        run("ovs-vsctl", "--db=unix:" + socket(), "--timeout=10", "set", "Open_vSwitch", ".",
                "external_ids:" + PREFIX + "sync=" + System.nanoTime());
    }

    /** Runs ovs-ofctl (OpenFlow 1.3) against this bed's ovs-vswitchd. */
    public String ofctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** Runs ovs-appctl against this bed's ovs-vswitchd (found through its pidfile in the bed's dir). */
    public String appctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ovs-appctl", "-t", "ovs-vswitchd"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** Starts ovs-vswitchd in a new network namespace PREFIX + 6 hex digits. */
    public void startVswitchd() throws IOException, InterruptedException {
        namespace = prefix + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        run("ip", "netns", "add", namespace);
        run("ip", "netns", "exec", namespace, "ovs-vswitchd", "unix:" + socket(),
                "--pidfile=" + dir.resolve("ovs-vswitchd.pid"), "--detach",
                "--log-file=" + dir.resolve("ovs-vswitchd.log"));
    }

    /** Stops ovsdb-server and starts it again on the same database and socket. */
    public void restartOvsdbServer() throws IOException, InterruptedException {
        stopDaemon("ovsdb-server");
        startOvsdbServer();
    }

    @Override
    public void close() {
        stopDaemon("ovs-vswitchd");
        stopDaemon("ovsdb-server");
        if (namespace != null) {
            try {
                run("ip", "netns", "del", namespace);
            } catch (IOException | InterruptedException | AssertionError e) {
                log.warn("could not delete namespace {}: {}", namespace, e.toString());
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private void startOvsdbServer() throws IOException, InterruptedException {
        run("ovsdb-server", dir.resolve("conf.db").toString(), "--remote=punix:" + socket(),
                "--pidfile=" + dir.resolve("ovsdb-server.pid"), "--detach",
                "--log-file=" + dir.resolve("ovsdb-server.log"));
    }

    /** SIGTERM, then SIGKILL if the daemon is still there after 10 s (vswitchd exits slowly). */
    private void stopDaemon(String name) {
        Path pidFile = dir.resolve(name + ".pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent()) {
                process.get().destroy();
                try {
                    process.get().onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.get().destroyForcibly();
                }
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException e) {
            log.warn("could not stop {}: {}", name, e.toString());
        }
    }

    /** Daemons find their control sockets and the tools find the daemons through these. */
    private Map<String, String> env() {
        String d = dir.toString();
        return Map.of("OVS_RUNDIR", d, "OVS_LOGDIR", d, "OVS_DBDIR", d);
    }

    /** Runs a command to completion; returns its standard output, or fails with its standard error. */
    private String run(String... command) throws IOException, InterruptedException {
        Path stderr = dir.resolve("command.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().putAll(env());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + output + " " + Files.readString(stderr).strip());
        }
        return output;
    }

    private static Optional<Path> onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(entry -> Path.of(entry, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
