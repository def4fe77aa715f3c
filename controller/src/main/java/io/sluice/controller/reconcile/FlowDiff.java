package io.sluice.controller.reconcile;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import io.sluice.controller.pipeline.FlowKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What must change on a switch to take it from its actual state to the desired one. Flows equal in both
 * appear nowhere, so they are never touched and their counters keep running. Groups and meters are keyed
 * by id: one present with other contents is modified in place, so the flows pointing at it never lose it.
 *
 * @param toAdd    flows missing, or present with another cookie or timeouts (an add replaces them whole)
 * @param toModify flows present with other instructions only (a strict modify keeps their counters)
 * @param toDelete flows present but not desired, whoever installed them
 */
public record FlowDiff(List<FlowSpec> toAdd, List<FlowSpec> toModify, List<FlowSpec> toDelete,
                       List<GroupSpec> groupsToAdd, List<GroupSpec> groupsToModify,
                       List<GroupSpec> groupsToDelete, List<MeterSpec> metersToAdd,
                       List<MeterSpec> metersToModify, List<MeterSpec> metersToDelete) {

    private static final FlowDiff NONE = new FlowDiff(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of());

    /**
     * The diff; when the desired state was edited from this very actual state (the state a run installed last),
     * only the edit's keys are compared, since every other entry is the same object in both. Equal states differ
     * in nothing: a dump of a switch that holds its desired state is read as the desired flows themselves (see
     * {@code ReportedFlows}), so their tables compare item by item, mostly by identity, and no key is made.
     */
    public static FlowDiff between(SwitchState actual, SwitchState desired) {
        if (actual.equals(desired)) {
            return NONE;
        }
        Optional<SwitchState.Edit> edit = desired.editFrom(actual);
        Set<FlowKey> flowKeys = edit.map(SwitchState.Edit::flowKeys).orElseGet(() -> union(actual.flows(),
                desired.flows()));
        Set<Long> groupIds = edit.map(SwitchState.Edit::groupIds).orElseGet(() -> union(actual.groups(),
                desired.groups()));
        Set<Long> meterIds = edit.map(SwitchState.Edit::meterIds).orElseGet(() -> union(actual.meters(),
                desired.meters()));
        List<FlowSpec> add = new ArrayList<>();
        List<FlowSpec> modify = new ArrayList<>();
        List<FlowSpec> delete = new ArrayList<>();
        for (FlowKey key : flowKeys) {
            FlowSpec want = desired.flows().get(key);
            FlowSpec have = actual.flows().get(key);
            if (want == null) {
                if (have != null) {
                    delete.add(have);
                }
            } else if (have == null) {
                add.add(want);
            } else if (want.differsOnlyInInstructions(have)) {
                modify.add(want);
            } else if (!want.equals(have)) {
                add.add(want);
            }
        }
        ById<GroupSpec> groups = ById.between(actual.groups(), desired.groups(), groupIds);
        ById<MeterSpec> meters = ById.between(actual.meters(), desired.meters(), meterIds);
        return new FlowDiff(add, modify, delete, groups.add, groups.modify, groups.delete, meters.add, meters.modify,
                meters.delete);
    }

    private static <K> Set<K> union(Map<K, ?> actual, Map<K, ?> desired) {
        Set<K> keys = new LinkedHashSet<>(desired.keySet());
        keys.addAll(actual.keySet());
        return keys;
    }

    /** What changes among things identified by a number alone (groups, meters). */
    private record ById<T>(List<T> add, List<T> modify, List<T> delete) {
        static <T> ById<T> between(Map<Long, T> actual, Map<Long, T> desired, Set<Long> ids) {
            ById<T> diff = new ById<>(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (Long id : ids) {
                T want = desired.get(id);
                T have = actual.get(id);
                if (want == null) {
                    if (have != null) {
                        diff.delete.add(have);
                    }
                } else if (have == null) {
                    diff.add.add(want);
                } else if (!want.equals(have)) {
                    diff.modify.add(want);
                }
            }
            return diff;
        }
    }

    public int flowChanges() {
        return toAdd.size() + toModify.size() + toDelete.size();
    }

    public int groupChanges() {
        return groupsToAdd.size() + groupsToModify.size() + groupsToDelete.size();
    }

    public int meterChanges() {
        return metersToAdd.size() + metersToModify.size() + metersToDelete.size();
    }

    public boolean isEmpty() {
        return flowChanges() == 0 && groupChanges() == 0 && meterChanges() == 0;
    }

    /** How many changes of each kind. */
    public Counts counts() {
        return new Counts(toAdd.size(), toModify.size(), toDelete.size(), groupChanges(), meterChanges());
    }

    /**
     * A diff's changes counted: what a reconciliation's result keeps of what it sent, the flows themselves being
     * held by the desired state (a build's diff lists every flow of its switch).
     */
    public record Counts(int flowsAdded, int flowsModified, int flowsDeleted, int groupChanges, int meterChanges) {
        public boolean isEmpty() {
            return flowsAdded + flowsModified + flowsDeleted + groupChanges + meterChanges == 0;
        }

        @Override
        public String toString() {
            return "+" + flowsAdded + " ~" + flowsModified + " -" + flowsDeleted + " flows, " + groupChanges
                    + " group and " + meterChanges + " meter changes";
        }
    }

    @Override
    public String toString() {
        return "+" + toAdd.size() + " ~" + toModify.size() + " -" + toDelete.size() + " flows, +"
                + groupsToAdd.size() + " ~" + groupsToModify.size() + " -" + groupsToDelete.size() + " groups, +"
                + metersToAdd.size() + " ~" + metersToModify.size() + " -" + metersToDelete.size() + " meters";
    }
}
