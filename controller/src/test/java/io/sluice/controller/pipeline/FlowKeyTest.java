package io.sluice.controller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class FlowKeyTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    /** A cloud's ports: OpenFlow port 10 + n with MAC ...:n, the fields moving in step. */
    private static Match portAndMac(int n) {
        return OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(10 + n))
                .setExact(MatchField.ETH_SRC, MacAddress.of(0xfa163e000000L + n)).build();
    }

    @Test
    void matchesWhoseFieldsMoveInStepHashApart() {
        List<FlowKey> keys = IntStream.range(0, 10_000).mapToObj(n -> new FlowKey(20, 200, portAndMac(n))).toList();

        assertThat(keys.stream().map(Object::hashCode).distinct().count()).isGreaterThan(9_990);
    }

    @Test
    void equalMatchesHashAlikeWhateverOrderTheirFieldsWereSetIn() {
        Match portFirst = portAndMac(7);
        Match macFirst = OF13.buildMatch().setExact(MatchField.ETH_SRC, MacAddress.of(0xfa163e000007L))
                .setExact(MatchField.IN_PORT, OFPort.of(17)).build();

        assertThat(new FlowKey(20, 200, macFirst)).isEqualTo(new FlowKey(20, 200, portFirst))
                .hasSameHashCodeAs(new FlowKey(20, 200, portFirst));
    }

    @Test
    void aFlowsKeyIsItsMatchsKeyThoughItCarriesTheFlowsInstructions() {
        Match match = portAndMac(3);
        List<OFInstruction> toTable40 = List.of(OF13.instructions().gotoTable(TableId.of(40)));
        FlowSpec flow = new FlowSpec(20, 200, match, toTable40, U64.of(7), 0, 0);
        FlowSpec other = new FlowSpec(20, 200, match, List.of(OF13.instructions().applyActions(
                List.of(OF13.actions().output(OFPort.of(5), 0)))), U64.of(7), 0, 0);
        FlowKey matchAlone = new FlowKey(20, 200, match);

        assertThat(flow.key()).isEqualTo(matchAlone).hasSameHashCodeAs(matchAlone).isEqualTo(other.key());
        assertThat(matchAlone).isEqualTo(flow.key());
        assertThat(flow.match()).isEqualTo(match);
        assertThat(flow.instructions()).isEqualTo(toTable40);
        assertThat(flow.hasKey(matchAlone)).isTrue();
        assertThat(flow.keyHash()).isEqualTo(matchAlone.hashCode());
        assertThat(flow.hasKey(new FlowKey(20, 201, match))).isFalse();
        assertThat(flow.differsOnlyInInstructions(other)).isTrue();
        assertThat(flow).isNotEqualTo(other);
        assertThat(flow).isEqualTo(new FlowSpec(20, 200, match, toTable40, U64.of(7), 0, 0))
                .hasSameHashCodeAs(new FlowSpec(20, 200, match, toTable40, U64.of(7), 0, 0));
    }
}
