package io.sluice.controller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

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
}
