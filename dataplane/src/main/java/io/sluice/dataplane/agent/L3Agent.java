package io.sluice.dataplane.agent;

import io.sluice.dataplane.l3.RouterNamespaces;
import io.sluice.dataplane.net.Futures;
import io.sluice.models.l3.RouterPlan;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The L3 agent's loop: holds the routers the controller last asked for ({@code router_update}) and converges
 * this host's router namespaces to them on one thread, one run at a time, a burst of updates coalescing into
 * one more run; after each run it reports the plans the namespaces now hold ({@code routers_applied}).
 * Namespaces of routers not asked for are removed, but only once a {@code router_update} arrived on the current
 * connection: before that the agent does not know the whole set, and a restart must not cost a router.
 * Between runs it trusts what it applied; every {@code auditInterval} a run reads every namespace again and
 * repairs whatever was changed behind its back.
 */
public final class L3Agent implements AgentChannelClient.RouterUpdates, AutoCloseable {
    static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(L3Agent.class);

    private final RouterNamespaces namespaces;
    private final Consumer<List<RouterPlan>> applied;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-l3");
        t.setDaemon(true);
        return t;
    });
    private final CoalescingTask converge = new CoalescingTask(
            () -> CompletableFuture.runAsync(this::convergeOnce, thread));
    private final Map<String, RouterPlan> held = new LinkedHashMap<>();
    private Map<String, RouterPlan> wanted = Map.of();
    /** When the last {@code router_update} arrived (nanoTime), for the convergence log line. */
    private long updateArrivedNanos;
    private boolean authoritative;
    private boolean auditDue;
    private boolean cleanUpDue;
    /** The router set the last clean-up of other routers succeeded for; null when one is due. Agent thread only. */
    private Set<String> cleanedUpFor;

    /**
     * @param auditInterval how often the namespaces are read again and repaired
     * @param applied       told, on the agent's thread, the plans held after each run
     */
    public L3Agent(RouterNamespaces namespaces, Duration auditInterval, Consumer<List<RouterPlan>> applied) {
        this.namespaces = namespaces;
        this.applied = applied;
        long auditMillis = auditInterval.toMillis();
        if (auditMillis <= 0) {
            throw new IllegalArgumentException("L3 audit interval must be positive: " + auditInterval);
        }
        thread.scheduleWithFixedDelay(this::audit, auditMillis, auditMillis, TimeUnit.MILLISECONDS);
    }

    /** A new connection to the controller: the router set is not known again until its next update. */
    @Override
    public synchronized void connected() {
        authoritative = false;
        cleanUpDue = true;
    }

    /** The controller's whole router set for this host. */
    @Override
    public void routerUpdate(List<RouterPlan> plans) {
        Map<String, RouterPlan> byId = new LinkedHashMap<>();
        plans.forEach(plan -> byId.put(plan.routerId(), plan));
        synchronized (this) {
            wanted = byId;
            authoritative = true;
            updateArrivedNanos = System.nanoTime();
        }
        converge.request();
    }

    private void audit() {
        synchronized (this) {
            auditDue = true;
        }
        converge.request();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void convergeOnce() {
        Map<String, RouterPlan> target;
        boolean removeOthers;
        boolean audit;
        boolean cleanUp;
        long arrived;
        synchronized (this) {
            target = wanted;
            arrived = updateArrivedNanos;
            removeOthers = authoritative;
            audit = auditDue;
            cleanUp = cleanUpDue;
            auditDue = false;
            cleanUpDue = false;
        }
        if (audit) {
            namespaces.distrust();
        }
        if (audit || cleanUp) {
            cleanedUpFor = null;
        }
        boolean failed = false;
        for (RouterPlan plan : target.values()) {
            try {
                long start = System.nanoTime();
                if (!namespaces.apply(plan).isEmpty()) {
                    // Both durations, so a log shows how long a change waited for this thread and how long it took.
                    long end = System.nanoTime();
                    log.info("router {} converged in {} ms, {} ms after the last router_update arrived",
                            plan.routerId(), millis(end - start), millis(end - arrived));
                }
                held.put(plan.routerId(), plan);
            } catch (RuntimeException e) {
                failed = true;
                held.remove(plan.routerId());
                log.warn("router {} failed to converge, retrying in {} ms: {}", plan.routerId(),
                        RETRY_DELAY.toMillis(), Futures.unwrap(e).getMessage());
            }
        }
        // Others are looked for only when the set changed or an audit is due, not on every floating IP.
        if (removeOthers && !target.keySet().equals(cleanedUpFor)) {
            boolean cleanUpFailed = removeOthers(target);
            cleanedUpFor = cleanUpFailed ? null : Set.copyOf(target.keySet());
            failed |= cleanUpFailed;
        }
        held.keySet().retainAll(target.keySet());
        if (failed) {
            thread.schedule(converge::request, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
        applied.accept(List.copyOf(held.values()));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** Removes routers not wanted and plugs no wanted router uses; true if something failed. */
    private boolean removeOthers(Map<String, RouterPlan> keep) {
        boolean failed = false;
        for (String routerId : namespaces.routerIds()) {
            if (!keep.containsKey(routerId)) {
                try {
                    namespaces.remove(routerId);
                } catch (RuntimeException e) {
                    failed = true;
                    log.warn("router {} could not be removed: {}", routerId, e.getMessage());
                }
            }
        }
        Set<String> inUse = new HashSet<>();
        for (RouterPlan plan : keep.values()) {
            plan.interfaces().forEach(leg -> inUse.add(namespaces.naming().hostName(leg.portId())));
            if (plan.gateway() != null) {
                inUse.add(namespaces.naming().hostName(plan.gateway().portId()));
            }
        }
        try {
            namespaces.unplugOrphans(inUse);
        } catch (RuntimeException e) {
            failed = true;
            log.warn("orphaned router legs could not be unplugged: {}", e.getMessage());
        }
        return failed;
    }
}
