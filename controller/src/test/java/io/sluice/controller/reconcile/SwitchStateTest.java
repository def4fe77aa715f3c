package io.sluice.controller.reconcile;

import static io.sluice.controller.pipeline.TestFlows.allGroup;
import static io.sluice.controller.pipeline.TestFlows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A state's tables hold each item once, under the key it carries: they must read as the maps they replace. */
class SwitchStateTest {
    private static final FlowSpec A = flow("10.0.0.1", 1);
    private static final FlowSpec B = flow("10.0.0.2", 2);
    private static final FlowSpec A_MOVED = flow("10.0.0.1", 7);
    private static final GroupSpec GROUP = allGroup(1, 1, 2);

    @Test
    void flowsAndGroupsReadAsMapsByTheirKeys() {
        SwitchState state = SwitchState.of(List.of(A, B), List.of(GROUP));

        Map<Object, Object> expected = new HashMap<>(Map.of(A.key(), A, B.key(), B));
        assertThat(state.flows()).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(state.flows().get(A.key())).isSameAs(A);
        assertThat(state.flows().get(A)).as("a flow is not its own key").isNull();
        assertThat(state.flows().containsKey(flow("10.0.0.3", 3).key())).isFalse();
        assertThat(state.groups()).containsExactly(Map.entry(GROUP.groupId(), GROUP));
    }

    @Test
    void anEditedStateEqualsTheStateBuiltFromItsItems() {
        SwitchState state = SwitchState.of(List.of(A, B), List.of(GROUP));

        SwitchState edited = state.edited(new SwitchState.Edit(List.of(B.key()), List.of(A_MOVED), List.of(),
                List.of(), List.of(), List.of()));

        SwitchState fresh = SwitchState.of(List.of(A_MOVED), List.of(GROUP));
        assertThat(edited).isEqualTo(fresh).hasSameHashCodeAs(fresh);
        assertThat(edited.flows()).containsExactly(Map.entry(A.key(), A_MOVED));
        assertThat(state.flows()).as("the state edited from keeps its own").hasSize(2).containsEntry(A.key(), A);
    }

    @Test
    void statesWithOneKeyButAnotherFlowDiffer() {
        assertThat(SwitchState.of(List.of(A, B), List.of())).isNotEqualTo(SwitchState.of(List.of(A_MOVED, B),
                List.of()));
    }

    @Test
    void twoFlowsClaimingOneKeyAreRefusedAndTheSameFlowTwiceIsOne() {
        assertThatThrownBy(() -> SwitchState.of(List.of(A, A_MOVED), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two flows claim");
        assertThat(SwitchState.of(List.of(A, A, B), List.of())).isEqualTo(SwitchState.of(List.of(A, B), List.of()));
    }
}
