package io.sluice.controller.reconcile;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    public static FlowDiff between(SwitchState actual, SwitchState desired) {
        List<FlowSpec> add = new ArrayList<>();
        List<FlowSpec> modify = new ArrayList<>();
        List<FlowSpec> delete = new ArrayList<>();
        desired.flows().forEach((key, want) -> {
            FlowSpec have = actual.flows().get(key);
            if (have == null) {
                add.add(want);
            } else if (want.differsOnlyInInstructions(have)) {
                modify.add(want);
            } else if (!want.equals(have)) {
                add.add(want);
            }
        });
        actual.flows().forEach((key, have) -> {
            if (!desired.flows().containsKey(key)) {
                delete.add(have);
            }
        });
        ById<GroupSpec> groups = ById.between(actual.groups(), desired.groups());
        ById<MeterSpec> meters = ById.between(actual.meters(), desired.meters());
        return new FlowDiff(add, modify, delete, groups.add, groups.modify, groups.delete, meters.add, meters.modify,
                meters.delete);
    }

    /** What changes among things identified by a number alone (groups, meters). */
    private record ById<T>(List<T> add, List<T> modify, List<T> delete) {
        static <T> ById<T> between(Map<Long, T> actual, Map<Long, T> desired) {
            ById<T> diff = new ById<>(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            desired.forEach((id, want) -> {
                T have = actual.get(id);
                if (have == null) {
                    diff.add.add(want);
                } else if (!want.equals(have)) {
                    diff.modify.add(want);
                }
            });
            actual.forEach((id, have) -> {
                if (!desired.containsKey(id)) {
                    diff.delete.add(have);
                }
            });
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

    @Override
    public String toString() {
        return "+" + toAdd.size() + " ~" + toModify.size() + " -" + toDelete.size() + " flows, +"
                + groupsToAdd.size() + " ~" + groupsToModify.size() + " -" + groupsToDelete.size() + " groups, +"
                + metersToAdd.size() + " ~" + metersToModify.size() + " -" + metersToDelete.size() + " meters";
    }
}
