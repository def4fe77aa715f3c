package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.dataplane.ovsdb.Ops;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BridgePlannerTest {
    private static final String TARGET = "tcp:198.51.100.1:6653";
    private final BridgePlanner planner = new BridgePlanner(BridgeSpec.integration("netdev", TARGET));
    private final ObjectNode guarded = Ops.row().put("fail_mode", "as read");

    private BridgeState.Bridge right() {
        return new BridgeState.Bridge("b1", "netdev", Optional.of("secure"), Set.of("OpenFlow13"),
                Map.of("disable-in-band", "true"), List.of(TARGET), true, guarded);
    }

    private static List<String> opNames(BridgePlanner.Plan plan) {
        return plan.ops().stream().map(op -> op.get("op").asText() + " " + op.get("table").asText()).toList();
    }

    @Test
    void createsAnAbsentBridgeAndAttachesItToTheRoot() {
        BridgePlanner.Plan plan = planner.plan(new BridgeState("root", Optional.empty()));

        assertThat(plan.creates()).isTrue();
        assertThat(opNames(plan)).containsExactly("wait Bridge", "insert Interface", "insert Port",
                "insert Controller", "insert Bridge", "mutate Open_vSwitch");
        JsonNode bridge = plan.ops().get(4).get("row");
        assertThat(bridge.get("fail_mode").asText()).isEqualTo("secure");
        assertThat(bridge.get("datapath_type").asText()).isEqualTo("netdev");
        assertThat(bridge.get("protocols").toString()).isEqualTo("[\"set\",[\"OpenFlow13\"]]");
        assertThat(bridge.get("other_config").toString()).isEqualTo("[\"map\",[[\"disable-in-band\",\"true\"]]]");
        assertThat(plan.ops().get(3).get("row").get("target").asText()).isEqualTo(TARGET);
        assertThat(plan.ops().get(5).get("mutations").toString())
                .isEqualTo("[[\"bridges\",\"insert\",[\"set\",[[\"named-uuid\",\"bridge\"]]]]]");
        assertThat(plan.ops().get(5).get("where").toString()).isEqualTo("[[\"_uuid\",\"==\",[\"uuid\",\"root\"]]]");
    }

    @Test
    void leavesARightBridgeAlone() {
        assertThat(planner.plan(new BridgeState("root", Optional.of(right()))).isEmpty()).isTrue();
    }

    @Test
    void repairsOnlyWhatIsWrongUnderAWaitOnWhatWasRead() {
        BridgeState.Bridge wrong = new BridgeState.Bridge("b1", "system", Optional.empty(),
                Set.of("OpenFlow10", "OpenFlow13"), Map.of("disable-in-band", "false", "keep", "me"),
                List.of(TARGET), true, guarded);

        BridgePlanner.Plan plan = planner.plan(new BridgeState("root", Optional.of(wrong)));

        assertThat(plan.creates()).isFalse();
        assertThat(opNames(plan)).containsExactly("wait Bridge", "update Bridge", "mutate Bridge");
        assertThat(plan.ops().get(0).get("rows").get(0)).isEqualTo(guarded);
        assertThat(plan.ops().get(0).get("where").toString()).isEqualTo("[[\"_uuid\",\"==\",[\"uuid\",\"b1\"]]]");
        assertThat(plan.ops().get(1).get("row").toString())
                .isEqualTo("{\"datapath_type\":\"netdev\",\"fail_mode\":\"secure\",\"protocols\":[\"set\",[\"OpenFlow13\"]]}");
        // Only the one key is replaced; other keys of other_config stay.
        assertThat(plan.ops().get(2).get("mutations").toString()).isEqualTo(
                "[[\"other_config\",\"delete\",[\"set\",[\"disable-in-band\"]]],"
                        + "[\"other_config\",\"insert\",[\"map\",[[\"disable-in-band\",\"true\"]]]]]");
        assertThat(plan.repairs()).hasSize(4);
    }

    @Test
    void replacesAWrongControllerInOneStepWithoutDeletingFirst() {
        BridgeState.Bridge otherController = new BridgeState.Bridge("b1", "netdev", Optional.of("secure"),
                Set.of("OpenFlow13"), Map.of("disable-in-band", "true"), List.of("tcp:203.0.113.9:6653"), true, guarded);

        BridgePlanner.Plan plan = planner.plan(new BridgeState("root", Optional.of(otherController)));

        assertThat(opNames(plan)).containsExactly("wait Bridge", "insert Controller", "update Bridge");
        assertThat(plan.ops().get(2).get("row").toString())
                .isEqualTo("{\"controller\":[\"set\",[[\"named-uuid\",\"controller\"]]]}");
        assertThat(plan.repairs()).containsExactly("controller [tcp:203.0.113.9:6653] -> " + TARGET);
    }

    @Test
    void givesABridgeWithoutControllerOneAndWithoutInternalPortOne() {
        BridgeState.Bridge bare = new BridgeState.Bridge("b1", "netdev", Optional.of("secure"), Set.of("OpenFlow13"),
                Map.of("disable-in-band", "true"), List.of(), false, guarded);

        BridgePlanner.Plan plan = planner.plan(new BridgeState("root", Optional.of(bare)));

        assertThat(opNames(plan)).containsExactly("wait Bridge", "insert Controller", "insert Interface",
                "insert Port", "update Bridge", "mutate Bridge");
        assertThat(plan.ops().get(5).get("mutations").toString())
                .isEqualTo("[[\"ports\",\"insert\",[\"set\",[[\"named-uuid\",\"port\"]]]]]");
    }
}
