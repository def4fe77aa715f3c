package io.sluice.controller.compile;

import io.sluice.controller.compile.l2.L2Compilers;
import io.sluice.controller.compile.migration.StandbyCompiler;
import io.sluice.controller.compile.mpls.VrfCompilers;
import io.sluice.controller.compile.provider.ProviderClassifyCompiler;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.agent.AgentInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * A switch's whole desired state: every compiler's share, joined. A switch whose {@link SwitchInputs} are those
 * of its last compile gets that compile's state again, so a model change compiles only the switches it touches;
 * within a switch it touches, only the networks whose part of the switch's view changed are compiled again
 * ({@link SwitchCompiles}), each through its own {@link Memo}, so a one-port change builds that port's flows and
 * reuses the rest; the memos share what they built ({@link SharedResults}), so equal flows of different switches
 * are one instance. The result is still exactly a function of the snapshot ({@code IncrementalCompileTest}
 * compares it with a compile from scratch, every compiler over the whole view, over sequences of changes).
 */
public final class DesiredStateCompiler {
    private final List<FlowCompiler> switchWide;
    private final List<FlowCompiler> perNetwork;
    private final MplsEncapsulation mpls;
    private final Map<DatapathId, SwitchCompiles> switches = new ConcurrentHashMap<>();
    private final SharedResults shared = new SharedResults();
    /** How many indexes back a switch's last compile may be and still be known to hold without looking at it. */
    private static final int DERIVATIONS_KEPT = 64;
    /** The index of the snapshot compiled last: a model change compiles every switch from one snapshot. */
    private SnapshotIndex lastIndex;
    /** The last indexes' sequence numbers and hosts changed, oldest first (guarded by this). */
    private final ArrayDeque<Derived> derived = new ArrayDeque<>();
    /** The sequence number of the index {@link #switchesTouched} was last asked at; -1 before (guarded by this). */
    private long touchedAskedAt = -1;

    /** What an index changed from the one before it: the hosts whose switches' inputs it may have changed. */
    private record Derived(long sequence, Set<String> hostsChanged) {
    }

    /**
     * @param switchWide compilers of what a switch holds beyond its networks (the pipeline, the operator's flows)
     * @param perNetwork compilers whose flows, groups and meters for a view are the union of theirs for each
     *                   network of the view alone ({@link io.sluice.controller.compile.l2.SwitchView#only}): every
     *                   compiler that only loops over the served networks
     */
    public DesiredStateCompiler(List<FlowCompiler> switchWide, List<FlowCompiler> perNetwork, MplsEncapsulation mpls) {
        this.switchWide = List.copyOf(switchWide);
        this.perNetwork = List.copyOf(perNetwork);
        this.mpls = mpls;
    }

    /** Every compiler, MPLS networks carried over GRE (the default). */
    public static DesiredStateCompiler standard() {
        return standard(MplsEncapsulation.GRE);
    }

    public static DesiredStateCompiler standard(MplsEncapsulation mpls) {
        List<FlowCompiler> perNetwork = new ArrayList<>(L2Compilers.all());
        perNetwork.add(new ProviderClassifyCompiler());
        perNetwork.addAll(VrfCompilers.all());
        return new DesiredStateCompiler(List.of(new PipelineCompiler(), new OperatorFlowCompiler(),
                new StandbyCompiler()), perNetwork, mpls);
    }

    /**
     * The switch's desired state, reusing what its previous compile built from the same inputs. A switch whose
     * host no index since its last compile changed is not looked at: at 1,000 switches, asking each for its
     * inputs at every model change cost more than compiling the few a change touches.
     */
    public SwitchState compile(Snapshot snapshot, DatapathId dpid) {
        SwitchCompiles last = switches.computeIfAbsent(dpid, d -> new SwitchCompiles(shared));
        SnapshotIndex index = index(snapshot);
        synchronized (last) {
            Optional<AgentInfo> host = index.placement().hostOf(dpid);
            if (host.isPresent() && last.compiledAt() >= 0
                    && keptSince(last.compiledAt(), index.sequence(), host.get().host())) {
                return last.keptAt(index.sequence());
            }
            return last.compile(index, dpid, mpls, switchWide, perNetwork);
        }
    }

    /**
     * The switches whose desired state may differ from the one they had at the snapshot of the last call: those
     * of the hosts the indexes derived since changed. Empty when any may: at the first call, and when an index
     * since changed hosts or what every switch reads, or is no longer remembered. At 1,000 switches, asking each
     * for its state at every model change cost more than compiling the few a change touches.
     */
    public Optional<Set<DatapathId>> switchesTouched(Snapshot snapshot) {
        SnapshotIndex index = index(snapshot);
        Set<String> hosts = new HashSet<>();
        boolean known;
        synchronized (this) {
            known = touchedAskedAt >= 0 && eachHostsChanged(touchedAskedAt, index.sequence(), changed -> {
                hosts.addAll(changed);
                return true;
            });
            touchedAskedAt = index.sequence();
        }
        return known ? Optional.of(hosts.stream().map(snapshot::hostDatapath).flatMap(Optional::stream)
                .collect(Collectors.toUnmodifiableSet())) : Optional.empty();
    }

    /** Whether no index after {@code from}, up to {@code to}, may have changed the inputs of the host's switch. */
    private boolean keptSince(long from, long to, String host) {
        return eachHostsChanged(from, to, hosts -> !hosts.contains(host));
    }

    /**
     * Gives each index after {@code from}, up to {@code to}, newest first, the hosts whose switches' inputs it may
     * have changed, while {@code step} accepts them. False when one may have changed any host's, is no longer
     * remembered, or was not accepted.
     */
    private synchronized boolean eachHostsChanged(long from, long to, Predicate<Set<String>> step) {
        long expected = to;
        for (Iterator<Derived> newest = derived.descendingIterator(); newest.hasNext() && expected > from; ) {
            Derived derivation = newest.next();
            if (derivation.sequence() > expected) {
                continue;
            }
            if (derivation.sequence() != expected || derivation.hostsChanged() == null
                    || !step.test(derivation.hostsChanged())) {
                return false;
            }
            expected--;
        }
        return expected == from;
    }

    /**
     * The switch's desired state built from scratch, as if no compile had come before: every compiler over the
     * whole view.
     */
    public SwitchState compileFresh(Snapshot snapshot, DatapathId dpid) {
        Memo memo = new Memo(new SharedResults());
        return SwitchCompiles.fresh(new CompileContext(SnapshotIndex.of(snapshot), dpid, mpls, memo), memo,
                Stream.concat(switchWide.stream(), perNetwork.stream()).toList());
    }

    /** How many results the switches' memos hold between them, each once. */
    int sharedResults() {
        return shared.size();
    }

    /**
     * The snapshot's index, derived again only when the snapshot is another object than last time, and then
     * from the last one (a model change is small; {@link SnapshotIndex#next} yields what a fresh index would).
     */
    private synchronized SnapshotIndex index(Snapshot snapshot) {
        SnapshotIndex last = lastIndex;
        if (last != null && last.snapshot() == snapshot) {
            return last;
        }
        SnapshotIndex index = last == null ? SnapshotIndex.of(snapshot) : SnapshotIndex.next(last, snapshot);
        derived.addLast(new Derived(index.sequence(), index.hostsChanged()));
        if (derived.size() > DERIVATIONS_KEPT) {
            derived.removeFirst();
        }
        lastIndex = index;
        return index;
    }
}
