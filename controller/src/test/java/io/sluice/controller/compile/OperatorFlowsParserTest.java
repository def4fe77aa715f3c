package io.sluice.controller.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Table;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

class OperatorFlowsParserTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private final OperatorFlowsParser parser = new OperatorFlowsParser();

    private static final String GOOD = """
            {"flows": [{"switch": "hv1", "table": "CLASSIFY", "priority": 1000,
                        "match": {"in_port": "1", "eth_type": "0x0800", "ipv4_dst": "10.0.0.5/24"},
                        "actions": ["output:2", "output:controller"], "goto": "L2_FORWARD"}],
             "groups": [{"switch": "00:00:00:00:00:00:00:01", "group_id": 1, "type": "all",
                         "buckets": [["output:1"], ["output:2"]]}]}
            """;

    @Test
    void goodFileParsesToTheExpectedSpecs() {
        OperatorFlows parsed = parser.parse(GOOD);

        FlowSpec expected = new FlowSpec(Table.CLASSIFY.id(), 1000,
                OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1))
                        .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                        .setMasked(MatchField.IPV4_DST, IPv4Address.of("10.0.0.0"), IPv4Address.of("255.255.255.0"))
                        .build(),
                List.of(OF13.instructions().applyActions(List.of(OF13.actions().output(OFPort.of(2), 0),
                                OF13.actions().output(OFPort.CONTROLLER, 0xFFFF))),
                        OF13.instructions().gotoTable(TableId.of(Table.L2_FORWARD.id()))),
                FlowCookie.of(Owner.OPERATOR, "hv1 CLASSIFY priority=1000 in_port=1,eth_type=0x800,"
                        + "ipv4_dst=10.0.0.0/255.255.255.0").toU64(), 0, 0);
        assertThat(parsed.flows()).containsExactly(new OperatorFlows.Flow("hv1", expected));

        GroupSpec group = new GroupSpec(1, OFGroupType.ALL, List.of(
                OF13.buildBucket().setActions(List.of(OF13.actions().output(OFPort.of(1), 0)))
                        .setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY).build(),
                OF13.buildBucket().setActions(List.of(OF13.actions().output(OFPort.of(2), 0)))
                        .setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY).build()));
        assertThat(parsed.groups()).containsExactly(new OperatorFlows.Group("00:00:00:00:00:00:00:01", group));
    }

    @Test
    void priorityDefaultsToTheOperatorBandAndActionsMayBeAbsent() {
        OperatorFlows parsed = parser.parse("""
                {"flows": [{"switch": "hv1", "table": "EGRESS", "match": {"in_port": "3"}}]}""");
        FlowSpec spec = parsed.flows().get(0).spec();
        assertThat(spec.priority()).isEqualTo(1000);
        assertThat(spec.instructions()).as("no actions: the flow drops").isEmpty();
        assertThat(parsed.groups()).isEmpty();
    }

    @Test
    void emptyObjectIsNoFlows() {
        assertThat(parser.parse("{}")).isEqualTo(OperatorFlows.NONE);
    }

    @Test
    void otherActionsParse() {
        OperatorFlows parsed = parser.parse("""
                {"flows": [{"switch": "hv1", "table": "L2_FORWARD",
                            "actions": ["mod_dl_dst:fa:16:3e:00:00:01", "output:in_port", "group:7"]}]}""");
        assertThat(parsed.flows().get(0).spec().instructions()).containsExactly(OF13.instructions().applyActions(
                List.of(OF13.actions().setField(OF13.oxms().ethDst(MacAddress.of("fa:16:3e:00:00:01"))),
                        OF13.actions().output(OFPort.IN_PORT, 0), OF13.actions().group(OFGroup.of(7)))));
    }

    @Test
    void reorderingTheFileKeepsEveryFlowsCookie() {
        String first = "{\"switch\": \"hv1\", \"table\": \"CLASSIFY\", \"match\": {\"in_port\": \"1\"}}";
        String second = "{\"switch\": \"hv1\", \"table\": \"CLASSIFY\", \"match\": {\"in_port\": \"2\"}}";
        OperatorFlows inOrder = parser.parse("{\"flows\": [" + first + ", " + second + "]}");
        OperatorFlows reordered = parser.parse("{\"flows\": [" + second + ", " + first + "]}");

        assertThat(reordered.flows()).containsExactlyInAnyOrderElementsOf(inOrder.flows());
        assertThat(inOrder.flows().get(0).spec().cookie()).isNotEqualTo(inOrder.flows().get(1).spec().cookie());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ipv4 without eth_type | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"match\": {\"ipv4_dst\": \"10.0.0.1\"}}]} | flows[0].match: ipv4_dst needs eth_type",
            "tcp port without ip_proto | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"match\": {\"eth_type\": \"0x0800\", \"tcp_dst\": \"22\"}}]} | flows[0].match: tcp_dst needs ip_proto",
            "arp field with ip eth_type | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"match\": {\"eth_type\": \"0x0800\", \"arp_tpa\": \"10.0.0.1\"}}]} | flows[0].match: arp_tpa needs eth_type",
            "unknown table | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"NOPE\"}]} | flows[0].table",
            "goto backwards | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"L2_FORWARD\", \"goto\": \"CLASSIFY\"}]}"
                    + " | flows[0].goto",
            "goto itself | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"EGRESS\", \"goto\": \"EGRESS\"}]}"
                    + " | flows[0].goto",
            "unknown goto table | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\", \"goto\": \"40\"}]}"
                    + " | flows[0].goto",
            "unknown match field | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"match\": {\"vlan_pcp\": \"1\"}}]} | flows[0].match.vlan_pcp",
            "bad IPv4 | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"match\": {\"eth_type\": \"0x0800\", \"ipv4_dst\": \"10.0.0.300\"}}]} | flows[0].match.ipv4_dst",
            "bad MAC | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"match\": {\"eth_src\": \"fa:16\"}}]} | flows[0].match.eth_src",
            "in_port out of range | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"match\": {\"in_port\": \"0xFFFFFFFF\"}}]} | flows[0].match.in_port",
            "bad action | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"actions\": [\"output:2\", \"explode:1\"]}]} | flows[0].actions[1]",
            "action without argument | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"actions\": [\"drop\"]}]} | flows[0].actions[0]",
            "output port out of range | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"actions\": [\"output:4294967295\"]}]} | flows[0].actions[0]",
            "output port not a number | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"actions\": [\"output:two\"]}]} | flows[0].actions[0]",
            "missing switch | {\"flows\": [{\"table\": \"CLASSIFY\"}]} | flows[0].switch",
            "blank switch | {\"flows\": [{\"switch\": \" \", \"table\": \"CLASSIFY\"}]} | flows[0].switch",
            "missing table | {\"flows\": [{\"switch\": \"hv1\"}]} | flows[0].table",
            "second flow at fault | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\"},"
                    + " {\"switch\": \"hv1\", \"table\": \"WRONG\"}]} | flows[1].table",
            "group missing switch | {\"groups\": [{\"group_id\": 1}]} | groups[0].switch",
            "group bad type | {\"groups\": [{\"switch\": \"hv1\", \"group_id\": 1, \"type\": \"any\"}]}"
                    + " | groups[0].type",
            "group missing id | {\"groups\": [{\"switch\": \"hv1\", \"type\": \"all\"}]} | groups[0]",
            "group bad bucket action | {\"groups\": [{\"switch\": \"hv1\", \"group_id\": 1,"
                    + " \"buckets\": [[\"output:1\"], [\"output:x\"]]}]} | groups[0].buckets[1][0]",
            "not JSON | {\"flows\": [ | not valid JSON",
            "not an object | [1, 2] | one JSON object",
    })
    void badInputNamesTheElementAtFault(String what, String text, String element) {
        assertThatThrownBy(() -> parser.parse(text)).as(what)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(element);
    }

    /**
     * Shapes JSON accepts but the file format does not: each must be refused, naming the element, rather
     * than read as "no actions", "match everything" or "no flows" (which would wipe the operator's flows).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "match as a string | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"match\": \"in_port=1\", \"actions\": [\"output:2\"]}]} | flows[0].match",
            "actions as a string | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"actions\": \"output:2\"}]} | flows[0].actions",
            "flows as an object | {\"flows\": {\"switch\": \"hv1\", \"table\": \"CLASSIFY\"}} | flows",
            "flows as a string | {\"flows\": \"none\"} | flows",
            "flow as a string | {\"flows\": [\"hv1\"]} | flows[0]",
            "groups as an object | {\"groups\": {\"switch\": \"hv1\"}} | groups",
            "buckets as a string | {\"groups\": [{\"switch\": \"hv1\", \"group_id\": 1,"
                    + " \"buckets\": \"output:1\"}]} | groups[0].buckets",
            "priority out of range | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"priority\": 70000}]} | flows[0].priority",
            "priority not a number | {\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\","
                    + " \"priority\": \"high\"}]} | flows[0].priority",
    })
    void wrongShapesAreRefusedNotReadAsEmpty(String what, String text, String element) {
        assertThatThrownBy(() -> parser.parse(text)).as(what)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(element);
    }
}
