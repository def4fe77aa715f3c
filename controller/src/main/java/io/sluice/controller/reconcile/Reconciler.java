package io.sluice.controller.reconcile;

import io.sluice.controller.openflow.SwitchListener;
import io.sluice.controller.openflow.SwitchSession;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges every connected switch to its desired state, by diff. On connect a switch is dumped and
 * diffed; after a change of desired state only the switches whose desired state changed receive anything;
 * an audit re-reads every switch to catch changes made behind Sluice's back.
 *
 * <p>A switch is left alone until it is known, i.e. its node agent has said which host it is: before that
 * Sluice cannot know the switch's desired state, and acting on a partial one would delete flows that carry
 * traffic (e.g. right after a controller restart, before the agents reconnect).
 */
public final class Reconciler implements SwitchListener {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** How many switches a model change compiles before it starts their runs (see {@link #modelChanged}). */
    private static final int RUN_BATCH = 64;
    /** Switches dumped at once (see {@link DumpSlots}): enough to keep the connections busy. */
    static final int CONCURRENT_DUMPS = 16;

    private final Function<DatapathId, SwitchState> desiredFor;
    private final Predicate<DatapathId> known;
    private final int bundleLimit;
    private final Executor connectRuns;
    private final Executor compileAhead;
    /**
     * Connected switches whose connect run has not started, in the order they connected. After a restart or a
     * storm a thousand switches connect at once, each compiled from scratch on the connect runs' one thread, first
     * to last; meanwhile {@link #compileAhead} compiles them last to first, so the compiles use the other cores
     * and a connect run finds its switch compiled (the compiler gives back the state compiled from the same
     * inputs). It only compiles: the connect run asks the desired state again, so a model change in between is
     * never overtaken by a state compiled before it.
     */
    private final Deque<SwitchSync> notYetRun = new ConcurrentLinkedDeque<>();
    private final DumpSlots dumpSlots;
    private final Map<DatapathId, SwitchSync> syncs = new ConcurrentHashMap<>();
    private final Map<DatapathId, SwitchState> lastDesired = new ConcurrentHashMap<>();
    private final Map<DatapathId, ReconcileResult> lastResults = new ConcurrentHashMap<>();
    private final Map<DatapathId, SwitchTotals> totals = new ConcurrentHashMap<>();
    private final List<Consumer<DatapathId>> convergedListeners = new CopyOnWriteArrayList<>();
    /** The switches whose {@link #atDesired} may have changed since {@link #takeStateChanges} was last called. */
    private final Set<DatapathId> stateChanges = ConcurrentHashMap.newKeySet();

    /**
     * @param desiredFor  the desired state of a switch, computed from the current model (pure)
     * @param known       whether Sluice knows enough about a switch to compute its desired state
     * @param bundleLimit diffs of up to this many flow changes are applied atomically in a bundle; larger
     *                    ones are pipelined with a closing barrier
     */
    public Reconciler(Function<DatapathId, SwitchState> desiredFor, Predicate<DatapathId> known, int bundleLimit) {
        this(desiredFor, known, bundleLimit, Runnable::run, Runnable::run);
    }

    /**
     * @param connectRuns where a connecting switch's desired state is compiled and its first run started: not
     *                    its OpenFlow thread, which a thousand reconnecting switches would hold long enough for
     *                    handshakes queued behind them to time out
     */
    public Reconciler(Function<DatapathId, SwitchState> desiredFor, Predicate<DatapathId> known, int bundleLimit,
                      Executor connectRuns) {
        this(desiredFor, known, bundleLimit, connectRuns, compileAheadThreads());
    }

    /**
     * @param compileAhead where connected switches are compiled ahead of their connect runs, newest first (see
     *                     {@link #notYetRun}); {@code desiredFor} must allow calls for different switches at once
     */
    public Reconciler(Function<DatapathId, SwitchState> desiredFor, Predicate<DatapathId> known, int bundleLimit,
                      Executor connectRuns, Executor compileAhead) {
        this.desiredFor = desiredFor;
        this.known = known;
        this.bundleLimit = bundleLimit;
        this.connectRuns = connectRuns;
        this.compileAhead = compileAhead;
        // Starting a dump only writes its requests: a thread of the common pool does, not housekeeping's queue.
        this.dumpSlots = new DumpSlots(CONCURRENT_DUMPS, ForkJoinPool.commonPool());
    }

    @Override
    public void switchConnected(SwitchSession session) {
        SwitchSync sync = new SwitchSync(session, dumpSlots, bundleLimit, result -> record(session.dpid(), result));
        syncs.put(session.dpid(), sync);
        totals.put(session.dpid(), SwitchTotals.NONE);
        lastResults.remove(session.dpid());
        stateChanges.add(session.dpid());
        if (known.test(session.dpid())) {
            notYetRun.add(sync);
            connectRuns.execute(() -> {
                notYetRun.remove(sync);
                // A model change meanwhile may have run the sync first: its first run dumped the switch, so
                // another dump would read every flow again (after a restart, 1,000 switches each read twice).
                if (syncs.get(session.dpid()) == sync && !sync.started()) {
                    converge(sync, true);
                }
            });
            compileAhead.execute(this::compileNewestNotYetRun);
        } else {
            log.info("switch {} connected before its agent registered it: its flows stay untouched until then",
                    session.dpid());
        }
    }

    /** Compiles the switch that connected last of those whose connect run has not started, if it is still there. */
    private void compileNewestNotYetRun() {
        SwitchSync sync = notYetRun.pollLast();
        if (sync != null && syncs.get(sync.session().dpid()) == sync) {
            desiredFor.apply(sync.session().dpid());
        }
    }

    /**
     * Daemon threads, one fewer than the cores (the connect runs' thread compiles too), that end when idle: a
     * restart's compiles are a burst.
     */
    private static Executor compileAheadThreads() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        AtomicInteger made = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "sluice-compile-ahead-" + made.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void switchDisconnected(SwitchSession session) {
        syncs.computeIfPresent(session.dpid(), (dpid, sync) -> sync.session() == session ? null : sync);
        stateChanges.add(session.dpid());
    }

    /**
     * The model changed: ask every connected switch's desired state and converge those whose state moved. The
     * compiler compiles only the switches whose inputs the change touched and gives the others their last state.
     */
    public CompletableFuture<Void> modelChanged() {
        return modelChanged(Optional.empty());
    }

    /**
     * The model changed, and only the switches named (when named) may have another desired state: ask those, of
     * the connected ones, and converge those whose state moved. Switches are compiled {@link #RUN_BATCH} at a time
     * before their runs start: a run's flow-mods set the switch (and, here, the OpenFlow threads) to work, which on
     * a small machine would take the cores the rest of a port change's compile needs; yet a change of every switch
     * (a build) keeps compiling while the first switches install their flows.
     */
    public CompletableFuture<Void> modelChanged(Optional<Set<DatapathId>> touched) {
        Collection<SwitchSync> asked = touched.<Collection<SwitchSync>>map(dpids -> dpids.stream().map(syncs::get)
                .filter(Objects::nonNull).toList()).orElseGet(syncs::values);
        List<SwitchSync> knownSyncs = asked.stream().filter(sync -> known.test(sync.session().dpid())).toList();
        List<CompletableFuture<ReconcileResult>> runs = new ArrayList<>();
        long compileWall = 0;
        long compileCpu = 0;
        long startWall = 0;
        long startCpu = 0;
        for (int from = 0; from < knownSyncs.size(); from += RUN_BATCH) {
            long wall = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            Map<SwitchSync, SwitchState> moved = new LinkedHashMap<>();
            for (SwitchSync sync : knownSyncs.subList(from, Math.min(knownSyncs.size(), from + RUN_BATCH))) {
                SwitchState desired = desiredFor.apply(sync.session().dpid());
                if (!desired.equals(lastDesired.get(sync.session().dpid()))) {
                    moved.put(sync, desired);
                }
            }
            long compiledWall = System.nanoTime();
            long compiledCpu = THREADS.getCurrentThreadCpuTime();
            moved.forEach((sync, desired) -> runs.add(converge(sync, desired, false)));
            compileWall += compiledWall - wall;
            compileCpu += compiledCpu - cpu;
            startWall += System.nanoTime() - compiledWall;
            startCpu += THREADS.getCurrentThreadCpuTime() - compiledCpu;
        }
        // What one model change costs to compile is the figure incremental compilation is judged by (issue 8).
        // Wall-clock and the thread's CPU: on a loaded machine the two part, and only the CPU is the compile's own.
        log.debug("model change compiled for {} switches in {} us ({} us of CPU); {} changed, their runs started in "
                + "{} us ({} us of CPU)", knownSyncs.size(), compileWall / 1_000, compileCpu / 1_000, runs.size(),
                startWall / 1_000, startCpu / 1_000);
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new));
    }

    /** Re-read every switch and repair whatever drifted from the desired state. */
    public CompletableFuture<Void> audit() {
        return CompletableFuture.allOf(syncs.values().stream().filter(sync -> known.test(sync.session().dpid()))
                .map(sync -> converge(sync, true))
                .toArray(CompletableFuture[]::new));
    }

    /**
     * Reads every known switch and diffs it against the desired state compiled now, changing nothing: what an
     * operator's audit reports as drift. A switch whose run is under way may show what that run is changing.
     */
    public CompletableFuture<Map<DatapathId, FlowDiff>> inspect() {
        Map<DatapathId, CompletableFuture<FlowDiff>> diffs = new TreeMap<>();
        syncs.values().stream().filter(sync -> known.test(sync.session().dpid())).forEach(sync ->
                diffs.put(sync.session().dpid(), sync.inspect(desiredFor.apply(sync.session().dpid()))));
        return CompletableFuture.allOf(diffs.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<DatapathId, FlowDiff> result = new TreeMap<>();
            diffs.forEach((dpid, diff) -> result.put(dpid, diff.join()));
            return result;
        });
    }

    public Optional<ReconcileResult> lastResult(DatapathId dpid) {
        return Optional.ofNullable(lastResults.get(dpid));
    }

    /**
     * Whether a connected switch holds the desired state last given to it: empty while that state is not
     * acknowledged yet (a run under way or pending, none finished) or the switch is not connected.
     */
    public Optional<Boolean> atDesired(DatapathId dpid) {
        SwitchSync sync = syncs.get(dpid);
        return sync == null ? Optional.empty() : sync.atDesired();
    }

    /**
     * The switches whose {@link #atDesired} may have changed since the last call (or since the reconciler
     * started): what follows every switch's state need not ask them all after every change.
     */
    public Set<DatapathId> takeStateChanges() {
        Set<DatapathId> taken = new HashSet<>();
        for (Iterator<DatapathId> changed = stateChanges.iterator(); changed.hasNext(); ) {
            taken.add(changed.next());
            changed.remove();
        }
        return taken;
    }

    /** Told after every reconciliation that left a switch exactly at its desired state. */
    public void onConverged(Consumer<DatapathId> listener) {
        convergedListeners.add(listener);
    }

    /** What was sent to the switch since it connected. */
    public SwitchTotals totals(DatapathId dpid) {
        return totals.getOrDefault(dpid, SwitchTotals.NONE);
    }

    public Optional<SwitchState> desired(DatapathId dpid) {
        return Optional.ofNullable(lastDesired.get(dpid));
    }

    private CompletableFuture<ReconcileResult> converge(SwitchSync sync, boolean dump) {
        return converge(sync, desiredFor.apply(sync.session().dpid()), dump);
    }

    /**
     * Every run's end answers some converge call, so a switch's state is marked changed when a call makes it
     * pending and again when the run answering it ends, however it ends.
     */
    private CompletableFuture<ReconcileResult> converge(SwitchSync sync, SwitchState desired, boolean dump) {
        DatapathId dpid = sync.session().dpid();
        lastDesired.put(dpid, desired);
        stateChanges.add(dpid);
        return sync.converge(desired, dump).whenComplete((result, failure) -> stateChanges.add(dpid));
    }

    private void record(DatapathId dpid, ReconcileResult result) {
        lastResults.put(dpid, result);
        totals.computeIfPresent(dpid, (d, sent) -> sent.plus(result.sent()));
        if (result.converged()) {
            convergedListeners.forEach(l -> l.accept(dpid));
        }
        if (!result.converged()) {
            log.warn("switch {} reconciled with errors: {} {}", dpid, result, SwitchSync.describeErrors(result.errors()));
        } else if (!result.sent().isEmpty()) {
            log.info("switch {} reconciled: {}", dpid, result);
        } else {
            log.debug("switch {} already converged ({})", dpid, result);
        }
    }
}
