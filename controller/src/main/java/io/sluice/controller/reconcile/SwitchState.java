package io.sluice.controller.reconcile;

import io.sluice.controller.pipeline.FlowKey;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import java.lang.ref.WeakReference;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The flows, groups and meters of one switch, desired or actual, indexed the way OpenFlow identifies them.
 * Immutable. A desired state after a model change is mostly the last one: {@link #edited} derives it by copying
 * the last one's tables (each one array of the items, ordered by the hashes of the keys they carry, see
 * {@link KeyedTable}: the copy makes no entry object and reads no key's bytes) and changing only the entries the
 * change touched, and its hash is kept along, so the reconciler tells a changed state from the last one without
 * comparing every flow.
 */
public final class SwitchState {
    /** A flow's key is made on demand: its hash and comparisons read the flow's own fields. */
    private static final KeyedTable.Keys<FlowKey, FlowSpec> FLOW_KEYS = new KeyedTable.Keys<>() {
        @Override
        public FlowKey of(FlowSpec flow) {
            return flow.key();
        }

        @Override
        public int hashOf(FlowSpec flow) {
            return flow.keyHash();
        }

        @Override
        public boolean isUnder(FlowSpec flow, Object key) {
            return key instanceof FlowKey flowKey && flow.hasKey(flowKey);
        }
    };

    private static final KeyedTable.Keys<Long, GroupSpec> GROUP_IDS = KeyedTable.Keys.held(GroupSpec::groupId);
    private static final KeyedTable.Keys<Long, MeterSpec> METER_IDS = KeyedTable.Keys.held(MeterSpec::meterId);
    public static final SwitchState EMPTY = of(List.of(), List.of(), List.of());
    /**
     * An edit of more than a quarter of a state's entries is not kept with it: a diff over its keys costs about
     * what a full diff costs, and a build's edit (every flow in, ~3,900 at 100 ports a switch) would be held as
     * long as the state.
     */
    private static final int KEPT_EDIT_SHARE = 4;

    private final KeyedTable<FlowKey, FlowSpec> flows;
    private final KeyedTable<Long, GroupSpec> groups;
    private final KeyedTable<Long, MeterSpec> meters;
    /**
     * The state this one was edited from, and the edit: a diff against that state needs only the edit's keys.
     * Weak, so that a chain of edits does not keep every earlier state alive.
     */
    private final WeakReference<SwitchState> base;
    private final Edit edit;

    private SwitchState(KeyedTable<FlowKey, FlowSpec> flows, KeyedTable<Long, GroupSpec> groups, KeyedTable<Long, MeterSpec> meters,
                        SwitchState base, Edit edit) {
        this.flows = flows;
        this.groups = groups;
        this.meters = meters;
        this.base = base == null ? null : new WeakReference<>(base);
        this.edit = edit;
    }

    /** A switch state without meters. */
    public static SwitchState of(Collection<FlowSpec> flows, Collection<GroupSpec> groups) {
        return of(flows, groups, List.of());
    }

    /**
     * Indexes flows, groups and meters. Two different flows with one key mean two compilers claim the same slot,
     * a bug that must not reach a switch as a silent overwrite.
     */
    public static SwitchState of(Collection<FlowSpec> flows, Collection<GroupSpec> groups,
                                 Collection<MeterSpec> meters) {
        return new SwitchState(KeyedTable.of(flows, FlowSpec.class, FLOW_KEYS, "flows claim"),
                KeyedTable.of(groups, GroupSpec.class, GROUP_IDS, "groups claim id"),
                KeyedTable.of(meters, MeterSpec.class, METER_IDS, "meters claim id"), null, null);
    }

    /**
     * What one change does to a state: the keys it takes out, then the flows, groups and meters it puts in,
     * each replacing whatever the state held under its key.
     */
    public record Edit(Collection<FlowKey> flowsOut, Collection<FlowSpec> flowsIn, Collection<Long> groupsOut,
                       Collection<GroupSpec> groupsIn, Collection<Long> metersOut, Collection<MeterSpec> metersIn) {
        /** Every flow key the edit touches: outside them, the edited state holds the very flows of its base. */
        Set<FlowKey> flowKeys() {
            return keys(flowsOut, flowsIn, FlowSpec::key);
        }

        Set<Long> groupIds() {
            return keys(groupsOut, groupsIn, GroupSpec::groupId);
        }

        Set<Long> meterIds() {
            return keys(metersOut, metersIn, MeterSpec::meterId);
        }

        private static <K, V> Set<K> keys(Collection<K> out, Collection<V> in, Function<V, K> key) {
            Set<K> keys = new HashSet<>(out);
            in.forEach(item -> keys.add(key.apply(item)));
            return keys;
        }

        public boolean isEmpty() {
            return size() == 0;
        }

        /** Keys taken out and items put in, of every kind. */
        int size() {
            return flowsOut.size() + flowsIn.size() + groupsOut.size() + groupsIn.size() + metersOut.size()
                    + metersIn.size();
        }
    }

    /** This state with an edit applied; this state itself when the edit is empty. Costs the edit, not the state. */
    public SwitchState edited(Edit edit) {
        if (edit.isEmpty()) {
            return this;
        }
        KeyedTable<FlowKey, FlowSpec> editedFlows = flows.edited(edit.flowsOut(), edit.flowsIn());
        KeyedTable<Long, GroupSpec> editedGroups = groups.edited(edit.groupsOut(), edit.groupsIn());
        KeyedTable<Long, MeterSpec> editedMeters = meters.edited(edit.metersOut(), edit.metersIn());
        int entries = editedFlows.view().size() + editedGroups.view().size() + editedMeters.view().size();
        boolean kept = edit.size() * KEPT_EDIT_SHARE <= entries;
        return new SwitchState(editedFlows, editedGroups, editedMeters, kept ? this : null, kept ? edit : null);
    }

    /** The edit that made this state from that one, if this state was edited from that very state. */
    Optional<Edit> editFrom(SwitchState other) {
        return base != null && base.get() == other ? Optional.of(edit) : Optional.empty();
    }

    public Map<FlowKey, FlowSpec> flows() {
        return flows.view();
    }

    public Map<Long, GroupSpec> groups() {
        return groups.view();
    }

    public Map<Long, MeterSpec> meters() {
        return meters.view();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof SwitchState other && flows.equals(other.flows) && groups.equals(other.groups)
                && meters.equals(other.meters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(flows.hashCode(), groups.hashCode(), meters.hashCode());
    }

    @Override
    public String toString() {
        return "SwitchState[flows=" + flows.view() + ", groups=" + groups.view() + ", meters=" + meters.view() + "]";
    }
}
