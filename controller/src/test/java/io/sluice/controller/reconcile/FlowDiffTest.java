package io.sluice.controller.reconcile;

import static io.sluice.controller.pipeline.TestFlows.allGroup;
import static io.sluice.controller.pipeline.TestFlows.flow;
import static io.sluice.controller.pipeline.TestFlows.foreignFlow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.Owner;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FlowDiffTest {
    private static final FlowSpec KEPT = flow("10.0.0.1", 1);
    private static final GroupSpec KEPT_GROUP = allGroup(1, 1, 2);

    private static SwitchState state(List<FlowSpec> flows, List<GroupSpec> groups) {
        return SwitchState.of(flows, groups);
    }

    private static SwitchState flows(FlowSpec... flows) {
        return SwitchState.of(List.of(flows), List.of());
    }

    @Test
    void identicalStatesDiffToNothing() {
        SwitchState s = state(List.of(KEPT, flow("10.0.0.2", 2)), List.of(KEPT_GROUP));
        FlowDiff diff = FlowDiff.between(s, state(List.of(flow("10.0.0.2", 2), KEPT), List.of(allGroup(1, 1, 2))));
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.flowChanges()).isZero();
        assertThat(diff.groupChanges()).isZero();
    }

    @Test
    void unchangedFlowsAppearNowhere() {
        FlowDiff diff = FlowDiff.between(flows(KEPT, flow("10.0.0.9", 9)), flows(KEPT, flow("10.0.0.2", 2)));
        assertThat(diff.toAdd()).doesNotContain(KEPT);
        assertThat(diff.toModify()).doesNotContain(KEPT);
        assertThat(diff.toDelete()).doesNotContain(KEPT);
    }

    @Test
    void missingFlowIsAdded() {
        FlowSpec missing = flow("10.0.0.2", 2);
        FlowDiff diff = FlowDiff.between(flows(KEPT), flows(KEPT, missing));
        assertThat(diff.toAdd()).containsExactly(missing);
        assertThat(diff.toModify()).isEmpty();
        assertThat(diff.toDelete()).isEmpty();
    }

    @Test
    void instructionOnlyChangeIsModified() {
        FlowSpec moved = flow("10.0.0.1", 7);
        FlowDiff diff = FlowDiff.between(flows(KEPT), flows(moved));
        assertThat(diff.toModify()).containsExactly(moved);
        assertThat(diff.toAdd()).isEmpty();
        assertThat(diff.toDelete()).isEmpty();
    }

    @Test
    void cookieChangeIsAddedToReplaceTheFlowWhole() {
        FlowSpec recookied = flow("10.0.0.1", 1, FlowCookie.of(Owner.PIPELINE, "other"));
        FlowDiff diff = FlowDiff.between(flows(KEPT), flows(recookied));
        assertThat(diff.toAdd()).containsExactly(recookied);
        assertThat(diff.toModify()).isEmpty();
        assertThat(diff.toDelete()).as("an add with the same key replaces; no delete needed").isEmpty();
    }

    @Test
    void cookieAndInstructionChangeIsAdded() {
        FlowSpec changed = flow("10.0.0.1", 7, FlowCookie.of(Owner.PIPELINE, "other"));
        FlowDiff diff = FlowDiff.between(flows(KEPT), flows(changed));
        assertThat(diff.toAdd()).containsExactly(changed);
        assertThat(diff.toModify()).isEmpty();
    }

    @Test
    void undesiredFlowsAreDeletedWhoeverOwnsThem() {
        FlowSpec stray = flow("10.0.0.3", 3);
        FlowSpec foreign = foreignFlow("10.0.0.4", 4);
        FlowDiff diff = FlowDiff.between(flows(KEPT, stray, foreign), flows(KEPT));
        assertThat(diff.toDelete()).containsExactlyInAnyOrder(stray, foreign);
        assertThat(diff.toAdd()).isEmpty();
        assertThat(diff.toModify()).isEmpty();
    }

    @Test
    void desiredFlowHeldWithAForeignCookieIsReplaced() {
        FlowDiff diff = FlowDiff.between(flows(foreignFlow("10.0.0.1", 1)), flows(KEPT));
        assertThat(diff.toAdd()).containsExactly(KEPT);
        assertThat(diff.toDelete()).isEmpty();
    }

    @Test
    void groupsDiffLikeFlows() {
        GroupSpec missing = allGroup(2, 3);
        GroupSpec changedWant = allGroup(3, 1, 2, 3);
        GroupSpec changedHave = allGroup(3, 1, 2);
        GroupSpec stray = allGroup(4, 1);
        FlowDiff diff = FlowDiff.between(state(List.of(), List.of(KEPT_GROUP, changedHave, stray)),
                state(List.of(), List.of(KEPT_GROUP, missing, changedWant)));
        assertThat(diff.groupsToAdd()).containsExactly(missing);
        assertThat(diff.groupsToModify()).containsExactly(changedWant);
        assertThat(diff.groupsToDelete()).containsExactly(stray);
        assertThat(diff.flowChanges()).isZero();
        assertThat(diff.groupChanges()).isEqualTo(3);
    }

    @Test
    void switchStateRejectsTwoDifferentFlowsWithOneKey() {
        assertThatThrownBy(() -> flows(flow("10.0.0.1", 1), flow("10.0.0.1", 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two flows claim");
    }

    @Test
    void switchStateAcceptsTheSameFlowTwice() {
        assertThat(flows(KEPT, flow("10.0.0.1", 1)).flows()).hasSize(1);
    }

    @Test
    void switchStateRejectsTwoDifferentGroupsWithOneId() {
        assertThatThrownBy(() -> state(List.of(), List.of(allGroup(1, 1), allGroup(1, 2))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("id 1");
    }

    /** Flows no edit below touches: with them an edit of a few flows is a small part of its state, and kept. */
    private static List<FlowSpec> untouched(int count) {
        return IntStream.range(0, count).mapToObj(n -> flow("10.0.1." + n, 100 + n)).toList();
    }

    @Test
    void aStateEditedFromTheActualOneDiffsAsAFullDiffDoes() {
        FlowSpec removed = flow("10.0.0.2", 2);
        FlowSpec retargeted = flow("10.0.0.3", 3);
        List<FlowSpec> before = new ArrayList<>(List.of(KEPT, removed, retargeted));
        before.addAll(untouched(20));
        SwitchState actual = state(before, List.of(KEPT_GROUP, allGroup(2, 1)));
        FlowSpec added = flow("10.0.0.4", 4);
        FlowSpec moved = flow("10.0.0.3", 8);
        GroupSpec regrouped = allGroup(2, 1, 3);
        SwitchState edited = actual.edited(new SwitchState.Edit(List.of(removed.key(), flow("10.0.0.5", 5).key()),
                List.of(added, moved), List.of(), List.of(regrouped), List.of(), List.of()));
        List<FlowSpec> after = new ArrayList<>(List.of(KEPT, added, moved));
        after.addAll(untouched(20));
        SwitchState same = state(after, List.of(KEPT_GROUP, regrouped));

        assertThat(edited).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(edited.editFrom(actual)).isPresent();
        assertThat(same.editFrom(actual)).as("indexed afresh: diffed in full").isEmpty();
        FlowDiff fromEdit = FlowDiff.between(actual, edited);
        assertThat(fromEdit).isEqualTo(FlowDiff.between(actual, same));
        assertThat(fromEdit.toAdd()).containsExactly(added);
        assertThat(fromEdit.toModify()).containsExactly(moved);
        assertThat(fromEdit.toDelete()).containsExactly(removed);
        assertThat(fromEdit.groupsToModify()).containsExactly(regrouped);
        assertThat(fromEdit.counts()).isEqualTo(new FlowDiff.Counts(1, 1, 1, 1, 0));
        assertThat(FlowDiff.between(same, edited).isEmpty()).as("another actual state: a full diff").isTrue();
    }

    @Test
    void anEditOfMuchOfAStateIsNotKeptAndTheStateDiffsInFull() {
        SwitchState actual = state(List.of(KEPT), List.of());
        FlowSpec added = flow("10.0.0.4", 4);
        SwitchState edited = actual.edited(new SwitchState.Edit(List.of(), List.of(added), List.of(), List.of(),
                List.of(), List.of()));

        assertThat(edited.editFrom(actual)).isEmpty();
        assertThat(edited).isEqualTo(state(List.of(KEPT, added), List.of()));
        assertThat(FlowDiff.between(actual, edited).toAdd()).containsExactly(added);
    }
}
