package io.sluice.controller.reconcile;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What must change on a switch to take it from its actual state to the desired one. Flows equal in both
 * appear nowhere, so they are never touched and their counters keep running.
 *
 * @param toAdd    flows missing, or present with another cookie or timeouts (an add replaces them whole)
 * @param toModify flows present with other instructions only (a strict modify keeps their counters)
 * @param toDelete flows present but not desired, whoever installed them
 */
public record FlowDiff(List<FlowSpec> toAdd, List<FlowSpec> toModify, List<FlowSpec> toDelete,
                       List<GroupSpec> groupsToAdd, List<GroupSpec> groupsToModify,
                       List<GroupSpec> groupsToDelete) {

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
        List<GroupSpec> groupAdd = new ArrayList<>();
        List<GroupSpec> groupModify = new ArrayList<>();
        List<GroupSpec> groupDelete = new ArrayList<>();
        desired.groups().forEach((id, want) -> {
            GroupSpec have = actual.groups().get(id);
            if (have == null) {
                groupAdd.add(want);
            } else if (!want.equals(have)) {
                groupModify.add(want);
            }
        });
        actual.groups().forEach((id, have) -> {
            if (!desired.groups().containsKey(id)) {
                groupDelete.add(have);
            }
        });
        return new FlowDiff(add, modify, delete, groupAdd, groupModify, groupDelete);
    }

    public int flowChanges() {
        return toAdd.size() + toModify.size() + toDelete.size();
    }

    public int groupChanges() {
        return groupsToAdd.size() + groupsToModify.size() + groupsToDelete.size();
    }

    public boolean isEmpty() {
        return flowChanges() == 0 && groupChanges() == 0;
    }

    @Override
    public String toString() {
        return "+" + toAdd.size() + " ~" + toModify.size() + " -" + toDelete.size() + " flows, +"
                + groupsToAdd.size() + " ~" + groupsToModify.size() + " -" + groupsToDelete.size() + " groups";
    }
}
