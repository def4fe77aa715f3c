package io.sluice.dataplane.bridge;

import static io.sluice.dataplane.bridge.TunnelPortSpec.Source.PINNED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.dataplane.ovsdb.Ops;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TunnelPortPlannerTest {
    private static final TunnelPortSpec VXLAN = TunnelPortSpec.vxlan("198.51.100.21", 4789, PINNED);
    private final TunnelPortPlanner planner = new TunnelPortPlanner(List.of(VXLAN));
    private final ObjectNode guarded = Ops.row().put("options", "as read");

    private TunnelPortState.Tunnel tunnel(String type, Map<String, String> options, OptionalInt ofportRequest) {
        return new TunnelPortState.Tunnel("i1", type, options, ofportRequest, OptionalInt.of(65000), Optional.empty(),
                guarded);
    }

    private static TunnelPortState on(TunnelPortState.Tunnel tunnel) {
        return new TunnelPortState(Optional.of("b1"), Map.of("vxlan-sluice", tunnel), Set.of());
    }

    private static List<String> opNames(TunnelPortPlanner.Plan plan) {
        return plan.ops().stream().map(op -> op.get("op").asText() + " " + op.get("table").asText()).toList();
    }

    @Test
    void addsAMissingPortToTheBridgeWithoutTouchingItsOtherPorts() {
        TunnelPortPlanner.Plan plan = planner.plan(new TunnelPortState(Optional.of("b1"), Map.of(), Set.of()));

        assertThat(opNames(plan)).containsExactly("wait Interface", "insert Interface", "insert Port", "mutate Bridge");
        assertThat(plan.ops().get(0).get("where").toString()).isEqualTo("[[\"name\",\"==\",\"vxlan-sluice\"]]");
        assertThat(plan.ops().get(0).get("rows").toString()).isEqualTo("[]");
        JsonNode iface = plan.ops().get(1).get("row");
        assertThat(iface.get("type").asText()).isEqualTo("vxlan");
        assertThat(iface.get("ofport_request").asInt()).isEqualTo(65000);
        assertThat(iface.get("options").toString()).isEqualTo(
                "[\"map\",[[\"key\",\"flow\"],[\"local_ip\",\"198.51.100.21\"],[\"remote_ip\",\"flow\"]]]");
        assertThat(plan.ops().get(2).get("row").get("interfaces").toString())
                .isEqualTo("[\"set\",[[\"named-uuid\",\"tunnel_iface0\"]]]");
        assertThat(plan.ops().get(3).get("where").toString()).isEqualTo("[[\"_uuid\",\"==\",[\"uuid\",\"b1\"]]]");
        assertThat(plan.ops().get(3).get("mutations").toString())
                .isEqualTo("[[\"ports\",\"insert\",[\"set\",[[\"named-uuid\",\"tunnel_port0\"]]]]]");
        assertThat(plan.changes()).hasSize(1);
    }

    @Test
    void addsOnlyTheMissingOneOfTwoPortsAndRepairsTheOther() {
        TunnelPortSpec mplsOverGre = TunnelPortSpec.mplsOverGre("198.51.100.21", PINNED);
        TunnelPortState.Tunnel oldVxlan = tunnel("vxlan", Map.of("remote_ip", "flow", "key", "flow",
                "local_ip", "203.0.113.9"), OptionalInt.of(65000));

        TunnelPortPlanner.Plan plan = new TunnelPortPlanner(List.of(VXLAN, mplsOverGre)).plan(on(oldVxlan));

        assertThat(opNames(plan)).containsExactly("wait Interface", "update Interface",
                "wait Interface", "insert Interface", "insert Port", "mutate Bridge");
        assertThat(plan.ops().get(1).get("row").toString()).isEqualTo("{\"options\":[\"map\",[[\"key\",\"flow\"],"
                + "[\"local_ip\",\"198.51.100.21\"],[\"remote_ip\",\"flow\"]]]}");
        JsonNode iface = plan.ops().get(3).get("row");
        assertThat(iface.get("name").asText()).isEqualTo("mplsogre-sluice");
        assertThat(iface.get("type").asText()).isEqualTo("gre");
        assertThat(iface.get("ofport_request").asInt()).isEqualTo(65001);
        assertThat(iface.get("options").toString()).isEqualTo("[\"map\",[[\"local_ip\",\"198.51.100.21\"],"
                + "[\"packet_type\",\"legacy_l3\"],[\"remote_ip\",\"flow\"]]]");
        assertThat(plan.ops().get(4).get("row").get("interfaces").toString())
                .isEqualTo("[\"set\",[[\"named-uuid\",\"tunnel_iface1\"]]]");
        assertThat(plan.changes()).hasSize(2);
    }

    @Test
    void leavesARightPortAlone() {
        assertThat(planner.plan(on(tunnel("vxlan", VXLAN.options(), OptionalInt.of(65000)))).isEmpty()).isTrue();
    }

    @Test
    void keepsAnOperatorsExtraOptions() {
        Map<String, String> withTos = new HashMap<>(VXLAN.options());
        withTos.put("tos", "inherit");
        assertThat(planner.plan(on(tunnel("vxlan", withTos, OptionalInt.of(65000)))).isEmpty()).isTrue();
    }

    @Test
    void repairsOnlyTheWrongColumnsUnderAWaitOnWhatWasRead() {
        TunnelPortState.Tunnel edited = tunnel("vxlan", Map.of("remote_ip", "203.0.113.7", "key", "flow",
                "local_ip", "198.51.100.21", "dst_port", "9999"), OptionalInt.empty());

        TunnelPortPlanner.Plan plan = planner.plan(on(edited));

        assertThat(opNames(plan)).containsExactly("wait Interface", "update Interface");
        assertThat(plan.ops().get(0).get("where").toString()).isEqualTo("[[\"_uuid\",\"==\",[\"uuid\",\"i1\"]]]");
        assertThat(plan.ops().get(0).get("columns").toString()).isEqualTo("[\"type\",\"options\",\"ofport_request\"]");
        assertThat(plan.ops().get(0).get("rows").get(0)).isEqualTo(guarded);
        assertThat(plan.ops().get(1).get("row").toString()).isEqualTo("{\"options\":[\"map\",[[\"key\",\"flow\"],"
                + "[\"local_ip\",\"198.51.100.21\"],[\"remote_ip\",\"flow\"]]],\"ofport_request\":65000}");
        assertThat(plan.changes()).hasSize(2);
    }

    @Test
    void repairsTheType() {
        TunnelPortPlanner.Plan plan = planner.plan(on(tunnel("geneve", VXLAN.options(), OptionalInt.of(65000))));

        assertThat(plan.ops().get(1).get("row").toString()).isEqualTo("{\"type\":\"vxlan\"}");
    }

    @Test
    void leavesAnInterfaceOfThatNameOnAnotherBridgeAlone() {
        assertThat(planner.plan(new TunnelPortState(Optional.of("b1"), Map.of(), Set.of("vxlan-sluice"))).isEmpty())
                .isTrue();
    }

    @Test
    void doesNothingWithoutTheBridge() {
        assertThat(planner.plan(new TunnelPortState(Optional.empty(), Map.of(), Set.of())).isEmpty()).isTrue();
    }

    @Test
    void parsesTheReadFindingThePortOnTheBridgeOnly() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> onBridge = results(json, "[\"set\",[[\"uuid\",\"p1\"],[\"uuid\",\"p9\"]]]");
        TunnelPortState state = TunnelPortState.parse(onBridge, List.of(VXLAN));

        assertThat(state.bridgeUuid()).contains("b1");
        assertThat(state.elsewhere()).isEmpty();
        TunnelPortState.Tunnel found = state.onBridge().get("vxlan-sluice");
        assertThat(found.uuid()).isEqualTo("i1");
        assertThat(found.options()).isEqualTo(VXLAN.options());
        assertThat(found.ofportRequest()).isEqualTo(OptionalInt.of(65000));
        assertThat(found.ofport()).isEqualTo(OptionalInt.empty());
        assertThat(found.guardedColumns().fieldNames()).toIterable()
                .containsExactly("type", "options", "ofport_request");

        TunnelPortState other = TunnelPortState.parse(results(json, "[\"set\",[[\"uuid\",\"p9\"]]]"), List.of(VXLAN));
        assertThat(other.onBridge()).isEmpty();
        assertThat(other.elsewhere()).containsExactly("vxlan-sluice");
    }

    /** The read's results: br-int b1 with the given ports, Port p1 holding Interface i1, both vxlan-sluice. */
    private static List<JsonNode> results(ObjectMapper json, String bridgePorts) throws Exception {
        List<JsonNode> results = new ArrayList<>();
        results.add(json.readTree("{\"rows\":[{\"_uuid\":[\"uuid\",\"b1\"],\"ports\":" + bridgePorts + "}]}"));
        results.add(json.readTree("{\"rows\":[{\"_uuid\":[\"uuid\",\"p1\"],\"interfaces\":[\"uuid\",\"i1\"]}]}"));
        results.add(json.readTree("{\"rows\":[{\"_uuid\":[\"uuid\",\"i1\"],\"type\":\"vxlan\",\"ofport\":[\"set\",[]],"
                + "\"error\":[\"set\",[]],\"ofport_request\":65000,\"options\":[\"map\",[[\"key\",\"flow\"],"
                + "[\"local_ip\",\"198.51.100.21\"],[\"remote_ip\",\"flow\"]]]}]}"));
        return results;
    }
}
