package io.sluice.dataplane.agent;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.dataplane.bridge.TunnelRoute;
import io.sluice.dataplane.l3.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link TunnelRoute} in the ovs-vswitchd whose pidfile and control socket are in a run directory.
 * Without it an ovs-vswitchd started with {@code --disable-system-route} has no route to the tunnel peers at all.
 * A restarted ovs-vswitchd has forgotten it, and its restart shows in no OVSDB column the agent watches (it writes
 * back the same port numbers and datapath id), but it writes its new pid to its pidfile: that file is read every
 * {@link #POLL} and the route checked as soon as the pid changes, so tunnels are routed again within about that
 * time of the restart; and every {@link #RECHECK} anyway, should someone delete it. A problem is logged once while
 * it lasts.
 */
final class TunnelRouteKeeper implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(100);
    static final Duration RECHECK = Duration.ofSeconds(10);
    /** Wait before trying again after ovs-appctl failed, unless ovs-vswitchd restarts meanwhile. */
    static final Duration RETRY = Duration.ofSeconds(1);
    private static final String PIDFILE = "ovs-vswitchd.pid";
    private static final Logger log = LoggerFactory.getLogger(TunnelRouteKeeper.class);

    private final String tunnelIp;
    private final CommandRunner commands;
    private final Path runDir;
    private final LongSupplier nanoClock;
    /** ovs-appctl runs here, off the OVSDB loop. */
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("sluice-tunnel-route", true));
    // Touched only on the keeper's thread (or a test's).
    private String checkedPid;
    private long nextCheck;
    private String problem;

    TunnelRouteKeeper(String tunnelIp, CommandRunner commands, Path runDir, LongSupplier nanoClock) {
        this.tunnelIp = tunnelIp;
        this.commands = commands;
        this.runDir = runDir;
        this.nanoClock = nanoClock;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** Checks the route if ovs-vswitchd has a new pid since the last check or the check is due. */
    void poll() {
        String pid = vswitchdPid();
        if (pid.isEmpty()) {
            report("no ovs-vswitchd runs (no pid in " + runDir.resolve(PIDFILE) + "): no tunnel route to keep");
            checkedPid = null;
            return;
        }
        if (pid.equals(checkedPid) && nanoClock.getAsLong() - nextCheck < 0) {
            return;
        }
        checkedPid = pid;
        try {
            report(check());
            nextCheck = nanoClock.getAsLong() + RECHECK.toNanos();
        } catch (IOException | RuntimeException e) {
            report("cannot keep the tunnel route in ovs-vswitchd " + pid + ", trying again: " + e.getMessage());
            nextCheck = nanoClock.getAsLong() + RETRY.toNanos();
        }
    }

    /** The problem last seen, if it lasts. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Ensures the route; returns what is wrong with tunnelling here short of a failure, or null. */
    private String check() throws IOException {
        Optional<TunnelRoute> route = TunnelRoute.find(tunnelIp);
        if (route.isEmpty()) {
            return "no device here holds the tunnel IP " + tunnelIp
                    + ": tunnels use ovs-vswitchd's copy of the kernel's routes, if it has one";
        }
        TunnelRoute.Outcome outcome = route.get().ensure(commands, runDir);
        if (outcome.added()) {
            log.info("tunnel route {} dev {} added to ovs-vswitchd {}", route.get().network(), route.get().device(),
                    checkedPid);
        }
        return outcome.kernelRoutesCopied() ? "ovs-vswitchd copies the kernel's routes (it was started without "
                + "--disable-system-route): tunnel packets arriving while a port is plugged or unplugged on this "
                + "host can be lost (OVS 3.1 reloads that copy on every link change)" : null;
    }

    private void report(String found) {
        if (found != null && !found.equals(problem)) {
            log.warn(found);
        }
        problem = found;
    }

    private String vswitchdPid() {
        try {
            return Files.readString(runDir.resolve(PIDFILE)).strip();
        } catch (IOException absent) {
            return "";
        }
    }
}
