package io.sluice.controller.reconcile;

import io.sluice.controller.openflow.SwitchError;
import io.sluice.controller.openflow.SwitchSession;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import io.sluice.controller.pipeline.ReportedFlows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterConfigStatsReply;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one switch converged to its desired state. One run at a time; requests that arrive meanwhile are
 * coalesced into one more run with the newest desired state. A run diffs against the switch's actual
 * state (dumped) after a connect, an audit or any error, and against the state it installed otherwise.
 */
final class SwitchSync {
    private static final Logger log = LoggerFactory.getLogger(SwitchSync.class);
    /** OFPM_ALL: a meter config request for every meter. */
    private static final long ALL_METERS = 0xFFFFFFFFL;

    private final SwitchSession session;
    private final DumpSlots dumpSlots;
    private final int bundleLimit;
    private final Consumer<ReconcileResult> onResult;
    private SwitchState desired = SwitchState.EMPTY;
    /** What the switch holds, as far as Sluice knows; null means unknown, so the next run dumps. */
    private SwitchState installed;
    private boolean running;
    private boolean dirty;
    private boolean dumpRequested = true;
    /** How the last finished run ended: true when the switch was left exactly at its target. */
    private Boolean lastRunConverged;
    private final List<CompletableFuture<ReconcileResult>> waiters = new ArrayList<>();

    SwitchSync(SwitchSession session, DumpSlots dumpSlots, int bundleLimit, Consumer<ReconcileResult> onResult) {
        this.session = session;
        this.dumpSlots = dumpSlots;
        this.bundleLimit = bundleLimit;
        this.onResult = onResult;
    }

    SwitchSession session() {
        return session;
    }

    /**
     * Whether the switch holds its desired state: empty while a run is under way or pending (the latest
     * desired state is not acknowledged yet) and before the first run; else how the last run ended.
     */
    synchronized Optional<Boolean> atDesired() {
        return running || dirty ? Optional.empty() : Optional.ofNullable(lastRunConverged);
    }

    /** Converge to a new desired state; completes when a run that started after this call finishes. */
    synchronized CompletableFuture<ReconcileResult> converge(SwitchState newDesired, boolean dump) {
        desired = newDesired;
        dumpRequested |= dump;
        CompletableFuture<ReconcileResult> done = new CompletableFuture<>();
        waiters.add(done);
        dirty = true;
        if (!running) {
            startRun();
        }
        return done;
    }

    /** Reads the switch and diffs it against a desired state, changing nothing. */
    CompletableFuture<FlowDiff> inspect(SwitchState against) {
        return dumpActual(against).thenApply(actual -> FlowDiff.between(actual, against));
    }

    /** Whether a run has started on this session's switch, and so read it (a first run dumps). */
    synchronized boolean started() {
        return running || lastRunConverged != null;
    }

    private void startRun() {
        running = true;
        dirty = false;
        SwitchState target = desired;
        boolean dump = dumpRequested || installed == null;
        dumpRequested = false;
        List<CompletableFuture<ReconcileResult>> answering = List.copyOf(waiters);
        waiters.clear();
        Instant start = Instant.now();
        CompletableFuture<SwitchState> actual = dump ? dumpActual(target)
                : CompletableFuture.completedFuture(installed);
        actual.thenCompose(have -> apply(FlowDiff.between(have, target), target, dump, start))
                .whenComplete((result, failure) -> finishRun(result, failure, answering));
    }

    private synchronized void finishRun(ReconcileResult result, Throwable failure,
                                        List<CompletableFuture<ReconcileResult>> answering) {
        lastRunConverged = failure == null && result.converged();
        if (failure != null) {
            installed = null;
            log.warn("reconciling switch {} failed: {}", session, failure.toString());
            answering.forEach(w -> w.completeExceptionally(failure));
        } else {
            onResult.accept(result);
            answering.forEach(w -> w.complete(result));
        }
        running = false;
        if (dirty && session.isActive()) {
            startRun();
        }
    }

    private CompletableFuture<ReconcileResult> apply(FlowDiff diff, SwitchState target, boolean dumped,
                                                     Instant start) {
        if (diff.isEmpty()) {
            synchronized (this) {
                installed = target;
            }
            return CompletableFuture.completedFuture(
                    new ReconcileResult(Instant.now(), dumped, diff.counts(), false, List.of(),
                            Duration.between(start, Instant.now())));
        }
        FlowMods mods = new FlowMods(session.factory(), session::nextXid);
        // Groups and meters first, so no flow names one the switch lacks; deleted last, after the flows naming them.
        session.sendAll(Stream.of(diff.groupsToAdd().stream().map(mods::addGroup),
                diff.groupsToModify().stream().map(mods::modifyGroup), diff.metersToAdd().stream().map(mods::addMeter),
                diff.metersToModify().stream().map(mods::modifyMeter)).flatMap(s -> s).toList());
        List<OFMessage> flowMessages = mods.flowMessages(diff);
        CompletableFuture<Boolean> flows;
        if (!flowMessages.isEmpty() && flowMessages.size() <= bundleLimit) {
            flows = session.bundle(flowMessages).thenApply(committed -> true).exceptionally(refused -> {
                // One bad flow refuses the whole bundle: apply the diff message by message instead, so the
                // good flows land and the errors name the bad ones.
                session.sendAll(mods.flowMessages(diff));
                return false;
            });
        } else {
            session.sendAll(flowMessages);
            flows = CompletableFuture.completedFuture(false);
        }
        return flows.thenCompose(bundled -> {
            session.sendAll(Stream.concat(diff.groupsToDelete().stream().map(mods::deleteGroup),
                    diff.metersToDelete().stream().map(mods::deleteMeter)).toList());
            return session.barrier().thenApply(errors -> result(target, dumped, diff, bundled, errors, start));
        });
    }

    private ReconcileResult result(SwitchState target, boolean dumped, FlowDiff diff, boolean bundled,
                                   List<SwitchError> errors, Instant start) {
        synchronized (this) {
            installed = errors.isEmpty() ? target : null;
        }
        return new ReconcileResult(Instant.now(), dumped, diff.counts(), bundled, errors,
                Duration.between(start, Instant.now()));
    }

    /**
     * The switch's flows, groups and meters as it reports them, read when a dump slot is free; a flow encoded as
     * the one {@code expected} holds under its key is read as that very flow (see {@link ReportedFlows}).
     */
    private CompletableFuture<SwitchState> dumpActual(SwitchState expected) {
        return dumpSlots.run(() -> dumpNow(expected));
    }

    private CompletableFuture<SwitchState> dumpNow(SwitchState expected) {
        OFFactory f = session.factory();
        var flowRequest = f.buildFlowStatsRequest().setXid(session.nextXid()).setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO)
                .setMatch(f.matchWildcardAll()).build();
        var groupRequest = f.buildGroupDescStatsRequest().setXid(session.nextXid()).build();
        CompletableFuture<List<FlowSpec>> flows = session.flowStats(flowRequest).thenApply(parts -> parts.stream()
                .flatMap(part -> ReportedFlows.of(part.content(), expected.flows()).stream()).toList());
        CompletableFuture<List<GroupSpec>> groups = session.stats(groupRequest, OFGroupDescStatsReply.class)
                .thenApply(replies -> replies.stream().flatMap(r -> r.getEntries().stream()).map(GroupSpec::of)
                        .toList());
        var meterRequest = f.buildMeterConfigStatsRequest().setXid(session.nextXid()).setMeterId(ALL_METERS).build();
        CompletableFuture<List<MeterSpec>> meters = session.stats(meterRequest, OFMeterConfigStatsReply.class)
                .thenApply(replies -> replies.stream().flatMap(r -> r.getEntries().stream()).map(MeterSpec::of)
                        .toList());
        return CompletableFuture.allOf(flows, groups, meters)
                .thenApply(all -> SwitchState.of(flows.join(), groups.join(), meters.join()));
    }

    static String describeErrors(List<SwitchError> errors) {
        return errors.stream().limit(5).map(Object::toString).toList().toString();
    }
}
