package io.sluice.controller.compile;

import io.sluice.controller.compile.l2.SwitchView;
import io.sluice.models.tenant.MplsEncapsulation;
import java.util.function.Function;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * One compile of one switch, as every {@link FlowCompiler} sees it: the snapshot and its {@link SnapshotIndex}
 * (derived once per snapshot, not once per switch), the switch, the deployment's MPLS encapsulation, the
 * switch's view (derived once per compile, not once per compiler) and its {@link Memo}.
 */
public final class CompileContext {
    private final SnapshotIndex index;
    private final DatapathId dpid;
    private final MplsEncapsulation mpls;
    private final Memo memo;
    private SwitchView view;

    CompileContext(SnapshotIndex index, DatapathId dpid, MplsEncapsulation mpls, Memo memo) {
        this.index = index;
        this.dpid = dpid;
        this.mpls = mpls;
        this.memo = memo;
    }

    /** A compile from scratch, remembering nothing from any earlier one, with the default encapsulation. */
    public static CompileContext fresh(Snapshot snapshot, DatapathId dpid) {
        return fresh(snapshot, dpid, MplsEncapsulation.GRE);
    }

    public static CompileContext fresh(Snapshot snapshot, DatapathId dpid, MplsEncapsulation mpls) {
        return new CompileContext(SnapshotIndex.of(snapshot), dpid, mpls, new Memo(new SharedResults()));
    }

    /** This compile narrowed to one network the switch serves, with that network's own memo. */
    CompileContext only(SwitchView.Served network, Memo networkMemo) {
        CompileContext narrowed = new CompileContext(index, dpid, mpls, networkMemo);
        narrowed.view = view().only(network);
        return narrowed;
    }

    public Snapshot snapshot() {
        return index.snapshot();
    }

    /** What this compile shares with every other switch's compile of the same snapshot. */
    public SnapshotIndex index() {
        return index;
    }

    public DatapathId dpid() {
        return dpid;
    }

    public MplsEncapsulation mpls() {
        return mpls;
    }

    public SwitchView view() {
        if (view == null) {
            view = SwitchView.of(index.placement(), dpid, mpls);
        }
        return view;
    }

    /**
     * {@code build(key)}, or what it returned for an equal key at this switch's previous compile. The key
     * must be a record of every input {@code build} reads, and {@code build} a static method reading only
     * its key: that is what makes a compile with a memo yield exactly what one without yields.
     */
    public <K extends Record, V> V memo(K key, Function<K, V> build) {
        return memo.get(key, build);
    }
}
