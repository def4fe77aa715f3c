package io.sluice.controller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.controller.reconcile.FlowMods;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class FlowSpecTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final FlowCookie COOKIE = FlowCookie.of(Owner.OPERATOR, "test");
    private static final IPv4Address SLASH_24 = IPv4Address.of("255.255.255.0");

    private static FlowSpec spec(Match match, List<OFInstruction> instructions) {
        return FlowSpec.of(Table.L3_VRF, Priority.PORT, match, instructions, COOKIE);
    }

    private static Match.Builder ipv4() {
        return OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4);
    }

    private static OFInstruction output(int port) {
        return OF13.instructions().applyActions(List.of(OF13.actions().output(OFPort.of(port), 0)));
    }

    private static OFInstruction gotoTable(Table table) {
        return OF13.instructions().gotoTable(TableId.of(table.id()));
    }

    @Test
    void aMatchLackingItsPrerequisitesIsRefusedRatherThanWidened() {
        // OpenFlowJ hides ipv4_dst without eth_type from getMatchFields(): the flow would match everything.
        Match noEthType = OF13.buildMatch().setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.0.1")).build();

        assertThatThrownBy(() -> new FlowSpec(0, 100, noEthType, List.of(), U64.ZERO, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ipv4_dst needs eth_type");
    }

    @Test
    void fullIpv4MaskEqualsExactMatch() {
        IPv4Address ip = IPv4Address.of("10.0.0.5");
        FlowSpec masked = spec(ipv4().setMasked(MatchField.IPV4_DST, ip, IPv4Address.NO_MASK).build(), List.of());
        FlowSpec exact = spec(ipv4().setExact(MatchField.IPV4_DST, ip).build(), List.of());
        assertThat(masked).isEqualTo(exact);
        assertThat(masked.key()).isEqualTo(exact.key());
        assertThat(masked.match().isExact(MatchField.IPV4_DST)).isTrue();
    }

    @Test
    void fullMacMaskEqualsExactMatch() {
        MacAddress mac = MacAddress.of("fa:16:3e:00:00:01");
        FlowSpec masked = spec(OF13.buildMatch().setMasked(MatchField.ETH_DST, mac, MacAddress.NO_MASK).build(),
                List.of());
        FlowSpec exact = spec(OF13.buildMatch().setExact(MatchField.ETH_DST, mac).build(), List.of());
        assertThat(masked).isEqualTo(exact);
    }

    @Test
    void maskedValueWithHostBitsEqualsTheNetwork() {
        FlowSpec withHostBits = spec(ipv4()
                .setMasked(MatchField.IPV4_DST, IPv4Address.of("10.0.0.5"), SLASH_24).build(), List.of());
        FlowSpec network = spec(ipv4()
                .setMasked(MatchField.IPV4_DST, IPv4Address.of("10.0.0.0"), SLASH_24).build(), List.of());
        assertThat(withHostBits).isEqualTo(network);
        assertThat(withHostBits.match().getMasked(MatchField.IPV4_DST).getValue())
                .isEqualTo(IPv4Address.of("10.0.0.0"));
    }

    @Test
    void aWildcardMaskIsNoMatchAtAll() {
        FlowSpec wildcard = spec(ipv4().setMasked(MatchField.IPV4_DST, IPv4Address.of("10.0.0.5"),
                IPv4Address.FULL_MASK).build(), List.of());
        FlowSpec none = spec(ipv4().build(), List.of());
        assertThat(wildcard).isEqualTo(none);
        assertThat(wildcard.hashCode()).isEqualTo(none.hashCode());
    }

    @Test
    void equalSpecsBuiltApartHashAlike() {
        FlowSpec a = spec(ipv4().setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.0.5")).build(), List.of());
        FlowSpec b = spec(ipv4().setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.0.5")).build(), List.of());
        assertThat(a).isNotSameAs(b).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.key().hashCode()).isEqualTo(b.key().hashCode());
    }

    @Test
    void differentNetworksStayDifferent() {
        FlowSpec a = spec(ipv4().setMasked(MatchField.IPV4_DST, IPv4Address.of("10.0.0.0"), SLASH_24).build(),
                List.of());
        FlowSpec b = spec(ipv4().setMasked(MatchField.IPV4_DST, IPv4Address.of("10.0.1.0"), SLASH_24).build(),
                List.of());
        assertThat(a).isNotEqualTo(b);
        assertThat(a.key()).isNotEqualTo(b.key());
    }

    @Test
    void emptyApplyActionsAreDropped() {
        FlowSpec withEmpty = spec(OF13.matchWildcardAll(),
                List.of(OF13.instructions().applyActions(List.of()), gotoTable(Table.EGRESS)));
        FlowSpec without = spec(OF13.matchWildcardAll(), List.of(gotoTable(Table.EGRESS)));
        assertThat(withEmpty).isEqualTo(without);
        assertThat(withEmpty.instructions()).hasSize(1);
    }

    @Test
    void instructionsAreInExecutionOrder() {
        FlowSpec gotoFirst = spec(OF13.matchWildcardAll(), List.of(gotoTable(Table.EGRESS), output(2)));
        FlowSpec applyFirst = spec(OF13.matchWildcardAll(), List.of(output(2), gotoTable(Table.EGRESS)));
        assertThat(gotoFirst).isEqualTo(applyFirst);
        assertThat(gotoFirst.instructions()).containsExactly(output(2), gotoTable(Table.EGRESS));
    }

    @Test
    void instructionsAreImmutable() {
        FlowSpec flow = spec(OF13.matchWildcardAll(), new ArrayList<>(List.of(output(1))));
        assertThatThrownBy(() -> flow.instructions().add(output(2)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void differsOnlyInInstructionsWhenKeyCookieAndTimeoutsMatch() {
        Match match = ipv4().setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.0.5")).build();
        FlowSpec flow = spec(match, List.of(output(1)));

        assertThat(flow.differsOnlyInInstructions(spec(match, List.of(output(2))))).isTrue();
        assertThat(flow.differsOnlyInInstructions(flow)).as("identical").isFalse();
        assertThat(flow.differsOnlyInInstructions(
                FlowSpec.of(Table.L3_VRF, Priority.PORT, match, List.of(output(2)), FlowCookie.of(Owner.PIPELINE))))
                .as("other cookie").isFalse();
        assertThat(flow.differsOnlyInInstructions(new FlowSpec(flow.tableId(), flow.priority(), match,
                List.of(output(2)), flow.cookie(), 30, 0))).as("other idle timeout").isFalse();
        assertThat(flow.differsOnlyInInstructions(
                FlowSpec.of(Table.L3_VRF, Priority.NETWORK, match, List.of(output(2)), COOKIE)))
                .as("other priority, so another flow").isFalse();
        assertThat(flow.differsOnlyInInstructions(spec(OF13.matchWildcardAll(), List.of(output(2)))))
                .as("other match, so another flow").isFalse();
    }

    @Test
    void rejectsOutOfRangeTablePriorityAndTimeouts() {
        assertThatThrownBy(() -> new FlowSpec(255, 0, OF13.matchWildcardAll(), List.of(), U64.ZERO, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table");
        assertThatThrownBy(() -> new FlowSpec(0, 0x10000, OF13.matchWildcardAll(), List.of(), U64.ZERO, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> new FlowSpec(0, 0, OF13.matchWildcardAll(), List.of(), U64.ZERO, 0x10000, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeouts");
    }

    @Test
    void timeoutsComeBackAsGivenUpToTheirSixteenBits() {
        FlowSpec flow = new FlowSpec(0, 0, OF13.matchWildcardAll(), List.of(), U64.ZERO, 0xFFFF, 0xFFFE);

        assertThat(flow.idleTimeout()).isEqualTo(0xFFFF);
        assertThat(flow.hardTimeout()).isEqualTo(0xFFFE);
        assertThat(flow).isNotEqualTo(new FlowSpec(0, 0, OF13.matchWildcardAll(), List.of(), U64.ZERO, 0xFFFE, 0xFFFF));
    }

    /** A flow with everything a dump reports back: masked and exact fields, several instructions, timeouts. */
    private static FlowSpec richFlow() {
        Match match = ipv4().setExact(MatchField.IN_PORT, OFPort.of(3))
                .setExact(MatchField.ETH_SRC, MacAddress.of("fa:16:3e:00:00:01"))
                .setMasked(MatchField.IPV4_DST, IPv4Address.of("10.0.0.5"), SLASH_24).build();
        List<OFInstruction> instructions = List.of(gotoTable(Table.L2_FORWARD),
                OF13.instructions().applyActions(List.of(
                        OF13.actions().setField(OF13.oxms().ethDst(MacAddress.of("fa:16:3e:00:00:02"))),
                        OF13.actions().output(OFPort.CONTROLLER, 0xFFFF))));
        return new FlowSpec(Table.L3_VRF.id(), Priority.PORT.value(), match, instructions, COOKIE.toU64(), 30, 300);
    }

    @Test
    void flowStatsEntryBuiltFromTheFlowAddRoundTrips() {
        FlowSpec flow = richFlow();
        OFFlowAdd add = (OFFlowAdd) new FlowMods(OF13, () -> 7).add(flow);

        OFFlowStatsEntry entry = OF13.buildFlowStatsEntry().setTableId(add.getTableId())
                .setPriority(add.getPriority()).setMatch(add.getMatch()).setInstructions(add.getInstructions())
                .setCookie(add.getCookie()).setIdleTimeout(add.getIdleTimeout())
                .setHardTimeout(add.getHardTimeout()).setDurationSec(12).setPacketCount(U64.of(5))
                .setByteCount(U64.of(500)).setFlags(Set.of()).build();

        assertThat(FlowSpec.of(entry)).isEqualTo(flow);
    }

    @Test
    void flowStatsEntryRoundTripsThroughTheWire() {
        FlowSpec flow = richFlow();
        OFFlowAdd add = (OFFlowAdd) new FlowMods(OF13, () -> 7).add(flow);
        OFFlowStatsEntry entry = OF13.buildFlowStatsEntry().setTableId(add.getTableId())
                .setPriority(add.getPriority()).setMatch(add.getMatch()).setInstructions(add.getInstructions())
                .setCookie(add.getCookie()).setIdleTimeout(add.getIdleTimeout())
                .setHardTimeout(add.getHardTimeout()).setFlags(Set.of()).build();
        ByteBuf wire = Unpooled.buffer();
        OF13.buildFlowStatsReply().setXid(1).setFlags(Set.of()).setEntries(List.of(entry)).build().writeTo(wire);

        OFMessage read;
        try {
            read = OFFactories.getGenericReader().readFrom(wire);
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        assertThat(read).isInstanceOf(OFFlowStatsReply.class);
        assertThat(FlowSpec.of(((OFFlowStatsReply) read).getEntries().get(0))).isEqualTo(flow);
    }

    @Test
    void toStringNamesTheTableAndOwner() {
        assertThat(richFlow().toString()).contains("L3_VRF").contains("priority=200").contains("OPERATOR/");
    }
}
