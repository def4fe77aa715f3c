package io.sluice.controller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** A flow's compact form gives back what was encoded, and equal matches encode alike in any field order. */
class WireFormTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private static Match.Builder tunnelled() {
        return OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(65000))
                .setExact(MatchField.TUNNEL_ID, U64.of(5001))
                .setMasked(MatchField.METADATA, OFMetadata.of(U64.of(0x1200)), OFMetadata.of(U64.of(0xFF00)));
    }

    @Test
    void aMatchComesBackAsItWasEncoded() {
        Match match = tunnelled().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setMasked(MatchField.IPV4_DST, IPv4Address.of("10.0.0.0"), IPv4Address.of("255.255.255.0"))
                .setExact(MatchField.ETH_DST, MacAddress.of("fa:16:3e:00:00:01")).build();

        byte[] form = WireForm.of(match);
        byte[] empty = WireForm.of(OF13.buildMatch().build());

        assertThat(WireForm.match(form, form.length)).isEqualTo(match);
        assertThat(WireForm.match(empty, empty.length)).isEqualTo(OF13.buildMatch().build());
    }

    @Test
    void instructionsComeBackInTheirOrder() {
        List<OFInstruction> instructions = List.of(
                OF13.instructions().applyActions(List.of(
                        OF13.actions().setField(OF13.oxms().tunnelIpv4Dst(IPv4Address.of("203.0.113.2"))),
                        OF13.actions().setField(OF13.oxms().tunnelId(U64.of(5001))),
                        OF13.actions().output(OFPort.of(65000), 0))),
                OF13.instructions().writeMetadata(U64.of(0x1200), U64.of(0xFF00)),
                OF13.instructions().gotoTable(TableId.of(40)));

        assertThat(WireForm.instructions(WireForm.of(instructions), 0)).isEqualTo(instructions);
        assertThat(WireForm.instructions(WireForm.of(List.of()), 0)).isEmpty();
    }

    @Test
    void aMatchAndInstructionsReadBackFromOneArray() {
        Match match = tunnelled().build();
        byte[] fields = WireForm.of(match);
        byte[] actions = WireForm.of(List.of(OF13.instructions().gotoTable(TableId.of(40))));
        byte[] flow = new byte[fields.length + actions.length];
        System.arraycopy(fields, 0, flow, 0, fields.length);
        System.arraycopy(actions, 0, flow, fields.length, actions.length);

        assertThat(WireForm.match(flow, fields.length)).isEqualTo(match);
        assertThat(WireForm.instructions(flow, fields.length))
                .containsExactly(OF13.instructions().gotoTable(TableId.of(40)));
    }

    @Test
    void equalMatchesEncodeAlikeWhateverOrderTheirFieldsWereSetIn() {
        Match portFirst = tunnelled().setExact(MatchField.ETH_SRC, MacAddress.of("fa:16:3e:00:00:01")).build();
        Match macFirst = OF13.buildMatch().setExact(MatchField.ETH_SRC, MacAddress.of("fa:16:3e:00:00:01"))
                .setMasked(MatchField.METADATA, OFMetadata.of(U64.of(0x1200)), OFMetadata.of(U64.of(0xFF00)))
                .setExact(MatchField.TUNNEL_ID, U64.of(5001)).setExact(MatchField.IN_PORT, OFPort.of(65000)).build();
        Match otherMac = tunnelled().setExact(MatchField.ETH_SRC, MacAddress.of("fa:16:3e:00:00:02")).build();

        assertThat(WireForm.of(macFirst)).isEqualTo(WireForm.of(portFirst)).isNotEqualTo(WireForm.of(otherMac));
    }
}
