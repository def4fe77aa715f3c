package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.reconcile.FlowDiff;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.TenantModel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

/** The same model always compiles to the same switch state, so the reconciler never churns. */
class DeterminismTest {
    private final DesiredStateCompiler compiler = DesiredStateCompiler.standard();
    private final Snapshot lab = Lab.snapshot();

    @Test
    void compilingTwiceGivesEqualSwitchStatesAndAnEmptyDiff() {
        for (DatapathId dpid : List.of(Lab.HV1, Lab.HV2, Lab.HV3)) {
            SwitchState first = compiler.compile(lab, dpid);
            SwitchState second = compiler.compile(lab, dpid);
            assertThat(second).isEqualTo(first);
            assertThat(FlowDiff.between(first, second).isEmpty()).isTrue();
        }
    }

    @Test
    void theOrderTheModelArrivesInChangesNothing() {
        Snapshot reversed = new Snapshot(reversed(lab.hosts()), reversed(lab.ports()),
                new TenantModel(1, reversed(lab.tenants().networks()), reversed(lab.tenants().subnets()),
                        reversed(lab.tenants().ports()), Map.of(), Map.of(), Map.of(), Map.of()), lab.operatorFlows());
        for (DatapathId dpid : List.of(Lab.HV1, Lab.HV2)) {
            assertThat(compiler.compile(reversed, dpid)).isEqualTo(compiler.compile(lab, dpid));
        }
    }

    @Test
    void pluggingAPortModifiesTheFloodGroupInPlaceAndAddsOnlyItsOwnFlows() {
        Port redE = Lab.port(105, "red-e", Lab.RED, Lab.RED_SUBNET, "fa:16:3e:00:01:0e", "10.0.0.15", true, List.of());
        SwitchState before = compiler.compile(lab, Lab.HV1);
        SwitchState after = compiler.compile(Lab.plug(lab, redE, "hv3", 1), Lab.HV1);

        FlowDiff diff = FlowDiff.between(before, after);
        assertThat(after.groups().keySet()).isEqualTo(before.groups().keySet());
        assertThat(diff.groupsToModify()).extracting(GroupSpec::groupId)
                .containsExactly(FloodCompiler.fromPortGroup(100));
        assertThat(diff.groupsToAdd()).isEmpty();
        assertThat(diff.groupsToDelete()).isEmpty();
        assertThat(diff.toDelete()).isEmpty();
        assertThat(diff.toModify()).isEmpty();
        assertThat(new FlowDump(Lab.plug(lab, redE, "hv3", 1)).byTable(diff.toAdd()).values().stream()
                .flatMap(List::stream)).allMatch(line -> line.endsWith(":red-e")).hasSize(2);
    }

    @Test
    void everyOwnerCodeIsDistinct() {
        assertThat(Arrays.stream(Owner.values()).map(Owner::code)).doesNotHaveDuplicates()
                .allMatch(code -> code > 0 && code <= 0xFF);
    }

    private static <T> Map<String, T> reversed(Map<String, T> map) {
        List<String> keys = map.keySet().stream().sorted(Comparator.reverseOrder()).toList();
        Map<String, T> copy = new LinkedHashMap<>();
        keys.forEach(key -> copy.put(key, map.get(key)));
        return copy;
    }
}
