package io.sluice.controller.compile;

import io.sluice.controller.compile.l2.L2Compilers;
import io.sluice.controller.compile.migration.StandbyCompiler;
import io.sluice.controller.compile.mpls.VrfCompilers;
import io.sluice.controller.compile.provider.ProviderClassifyCompiler;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.tenant.MplsEncapsulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * A switch's whole desired state: every compiler's share, joined. A switch whose {@link SwitchInputs} are those
 * of its last compile gets that compile's state again, so a model change compiles only the switches it touches;
 * and each switch has a {@link Memo}, so a recompile after a one-port change builds that port's flows and reuses
 * the rest; the memos share what they built ({@link SharedResults}), so equal flows of different switches are
 * one instance. The result is still exactly a function of the snapshot ({@code IncrementalCompileTest} compares it
 * with a compile from scratch over sequences of changes).
 */
public final class DesiredStateCompiler {
    private final List<FlowCompiler> compilers;
    private final MplsEncapsulation mpls;
    private final Map<DatapathId, SwitchCompiles> switches = new ConcurrentHashMap<>();
    private final SharedResults shared = new SharedResults();
    /** The index of the snapshot compiled last: a model change compiles every switch from one snapshot. */
    private volatile SnapshotIndex lastIndex;

    public DesiredStateCompiler(List<FlowCompiler> compilers, MplsEncapsulation mpls) {
        this.compilers = List.copyOf(compilers);
        this.mpls = mpls;
    }

    /** Every compiler, MPLS networks carried over GRE (the default). */
    public static DesiredStateCompiler standard() {
        return standard(MplsEncapsulation.GRE);
    }

    public static DesiredStateCompiler standard(MplsEncapsulation mpls) {
        List<FlowCompiler> compilers = new ArrayList<>(List.of(new PipelineCompiler(), new OperatorFlowCompiler()));
        compilers.addAll(L2Compilers.all());
        compilers.add(new ProviderClassifyCompiler());
        compilers.addAll(VrfCompilers.all());
        compilers.add(new StandbyCompiler());
        return new DesiredStateCompiler(compilers, mpls);
    }

    /** The switch's desired state, reusing what its previous compile built from the same inputs. */
    public SwitchState compile(Snapshot snapshot, DatapathId dpid) {
        SwitchCompiles last = switches.computeIfAbsent(dpid, d -> new SwitchCompiles(shared));
        synchronized (last) {
            CompileContext context = new CompileContext(index(snapshot), dpid, mpls, last.memo);
            SwitchInputs inputs = SwitchInputs.of(context);
            if (inputs.equals(last.inputs)) {
                return last.state;
            }
            SwitchState state = compile(context);
            last.memo.endCompile();
            last.inputs = inputs;
            last.state = state;
            return state;
        }
    }

    /** The switch's desired state built from scratch, as if no compile had come before. */
    public SwitchState compileFresh(Snapshot snapshot, DatapathId dpid) {
        return compile(CompileContext.fresh(snapshot, dpid, mpls));
    }

    /** The snapshot's index, derived again only when the snapshot is another object than last time. */
    private SnapshotIndex index(Snapshot snapshot) {
        SnapshotIndex last = lastIndex;
        if (last != null && last.snapshot() == snapshot) {
            return last;
        }
        SnapshotIndex index = SnapshotIndex.of(snapshot);
        lastIndex = index;
        return index;
    }

    /** One switch's memo and its last compile: what that compile read and the state it yielded. */
    private static final class SwitchCompiles {
        private final Memo memo;
        private SwitchInputs inputs;
        private SwitchState state;

        SwitchCompiles(SharedResults shared) {
            memo = new Memo(shared);
        }
    }

    private SwitchState compile(CompileContext context) {
        List<FlowSpec> flows = new ArrayList<>();
        List<GroupSpec> groups = new ArrayList<>();
        List<MeterSpec> meters = new ArrayList<>();
        for (FlowCompiler compiler : compilers) {
            flows.addAll(compiler.flows(context));
            groups.addAll(compiler.groups(context));
            meters.addAll(compiler.meters(context));
        }
        return SwitchState.of(flows, groups, meters);
    }
}
