package io.sluice.controller.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.PipelineCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.tenant.MplsEncapsulation;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpDscp;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * The simulator itself, on hand-written flows: it models MPLS over legacy_l3 GRE as OVS does, and it fails
 * loudly on whatever it does not model rather than letting a packet through or silently dropping it.
 */
class SimulatorStrictnessTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final String VM_MAC = "fa:16:3e:00:00:05";
    private static final String GATEWAY_MAC = "00:00:5e:00:01:00";

    @Test
    void mplsOverLegacyL3GreLosesTheEthernetHeaderAndKeepsTheLabel() {
        Fabric fabric = twoHosts(host -> host.equals("hv1") ? List.of(
                flow(Table.CLASSIFY, inPort(1).setExact(MatchField.ETH_TYPE, EthType.IPv4).build(),
                        OF13.actions().decNwTtl(), OF13.actions().pushMpls(EthType.MPLS_UNICAST),
                        OF13.actions().setField(OF13.oxms().mplsLabel(U32.of(77))),
                        towards("100.64.0.2"), OF13.actions().output(OFPort.of(GeneratedCloud.MPLSOGRE_OFPORT), 0)))
                : List.of(flow(Table.CLASSIFY, inPort(GeneratedCloud.MPLSOGRE_OFPORT)
                                .setExact(MatchField.ETH_TYPE, EthType.MPLS_UNICAST)
                                .setExact(MatchField.ETH_SRC, MacAddress.NONE)
                                .setExact(MatchField.MPLS_LABEL, U32.of(77)).build(),
                        OF13.actions().popMpls(EthType.IPv4),
                        OF13.actions().setField(OF13.oxms().ethSrc(MacAddress.of(GATEWAY_MAC))),
                        OF13.actions().setField(OF13.oxms().ethDst(MacAddress.of(VM_MAC))),
                        OF13.actions().output(OFPort.of(5), 0))));

        Fabric.Journey journey = fabric.send("hv1", 1, Packet.ipv4("fa:16:3e:00:00:01", GATEWAY_MAC, "10.0.0.1",
                "10.0.0.5"));

        assertThat(journey.fates()).singleElement().isInstanceOfSatisfying(Fabric.Delivered.class, delivered -> {
            assertThat(delivered.host() + ":" + delivered.ofport()).isEqualTo("hv2:5");
            Packet arrived = delivered.packet();
            assertThat(arrived.get(MatchField.ETH_SRC)).isEqualTo(MacAddress.of(GATEWAY_MAC));
            assertThat(arrived.get(MatchField.ETH_DST)).isEqualTo(MacAddress.of(VM_MAC));
            assertThat(arrived.get(MatchField.ETH_TYPE)).isEqualTo(EthType.IPv4);
            assertThat(arrived.has(MatchField.MPLS_LABEL)).isFalse();
            assertThat(arrived.get(MatchField.IPV4_DST)).isEqualTo(IPv4Address.of("10.0.0.5"));
            assertThat(arrived.ipTtl()).isEqualTo(Packet.GUEST_TTL - 1);
            assertThat(arrived.get(MatchField.TUNNEL_ID)).as("the GRE port has no key").isEqualTo(U64.ZERO);
        });
        assertThat(journey.describe()).contains("underlay hv1 -> hv2 over mplsogre");
    }

    @Test
    void aPacketThatHidItsIpv4HeaderUnderALabelMatchesNoIpv4Flow() {
        Fabric fabric = twoHosts(host -> host.equals("hv1") ? List.of(flow(Table.CLASSIFY, inPort(1).build(),
                OF13.actions().pushMpls(EthType.MPLS_UNICAST), towards("100.64.0.2"),
                OF13.actions().output(OFPort.of(GeneratedCloud.VXLAN_OFPORT), 0)))
                : List.of(flow(Table.CLASSIFY, inPort(GeneratedCloud.VXLAN_OFPORT).build(),
                                OF13.actions().output(OFPort.of(2), 0)),
                        flow(Table.CLASSIFY, Priority.OPERATOR, OF13.buildMatch()
                                .setExact(MatchField.ETH_TYPE, EthType.IPv4).build(),
                                OF13.actions().output(OFPort.of(9), 0))));
        Packet sent = Packet.ipv4(VM_MAC, GATEWAY_MAC, "10.0.0.5", "10.0.0.1");

        assertThat(fabric.send("hv1", 1, sent).deliveries()).singleElement().satisfies(d -> {
            assertThat(d.host() + ":" + d.ofport()).isEqualTo("hv2:2");
            assertThat(d.packet().get(MatchField.ETH_TYPE)).isEqualTo(EthType.MPLS_UNICAST);
        });
        assertThatThrownBy(() -> twoHosts(host -> List.of(flow(Table.CLASSIFY, inPort(1).build(),
                OF13.actions().pushMpls(EthType.MPLS_UNICAST),
                OF13.actions().setField(OF13.oxms().ipv4Dst(IPv4Address.of("10.0.0.9")))))).send("hv1", 1, sent))
                .isInstanceOf(AssertionError.class).hasMessageContaining("sets ipv4_dst on a packet without");
    }

    @Test
    void aFlowOnAFieldTheSimulatorDoesNotUnderstandFailsWhenItsSwitchIsLoaded() {
        assertThatThrownBy(() -> twoHosts(host -> List.of(flow(Table.CLASSIFY, inPort(1)
                .setExact(MatchField.ETH_TYPE, EthType.IPv4).setExact(MatchField.IP_DSCP, IpDscp.DSCP_10).build()))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not understand field ip_dscp");
    }

    @Test
    void anActionTheSimulatorDoesNotKnowFailsWhenAPacketMeetsIt() {
        Fabric fabric = twoHosts(host -> List.of(flow(Table.CLASSIFY, inPort(1).build(),
                OF13.actions().setNwTtl((short) 3))));

        assertThatThrownBy(() -> fabric.send("hv1", 1, Packet.ipv4(VM_MAC, GATEWAY_MAC, "10.0.0.5", "10.0.0.1")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not know action");
    }

    @Test
    void aPacketBouncingBetweenHostsFailsAsALoop() {
        Fabric fabric = twoHosts(host -> {
            OFAction toTheOther = towards(host.equals("hv1") ? "100.64.0.2" : "100.64.0.1");
            return List.of(flow(Table.CLASSIFY, inPort(1).build(), toTheOther,
                            OF13.actions().output(OFPort.of(GeneratedCloud.VXLAN_OFPORT), 0)),
                    flow(Table.CLASSIFY, inPort(GeneratedCloud.VXLAN_OFPORT).build(), toTheOther,
                            OF13.actions().output(OFPort.IN_PORT, 0)));
        });

        assertThatThrownBy(() -> fabric.send("hv1", 1, Packet.arpRequest(VM_MAC, "10.0.0.5", "10.0.0.1")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("looped");
    }

    @Test
    void aLegacyL3PortCannotCarryArp() {
        Fabric fabric = twoHosts(host -> List.of(flow(Table.CLASSIFY, inPort(1).build(),
                towards("100.64.0.2"), OF13.actions().output(OFPort.of(GeneratedCloud.MPLSOGRE_OFPORT), 0))));

        assertThatThrownBy(() -> fabric.send("hv1", 1, Packet.arpRequest(VM_MAC, "10.0.0.5", "10.0.0.1")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("carries IPv4 or MPLS only");
    }

    @Test
    void twoFlowsThatDisagreeAtOnePriorityFailAsAmbiguous() {
        Fabric fabric = twoHosts(host -> List.of(
                flow(Table.CLASSIFY, inPort(1).build(), OF13.actions().output(OFPort.of(2), 0)),
                flow(Table.CLASSIFY, OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.ARP).build(),
                        OF13.actions().output(OFPort.of(3), 0))));

        assertThat(fabric.send("hv1", 1, Packet.ipv4(VM_MAC, GATEWAY_MAC, "10.0.0.5", "10.0.0.1")).deliveries())
                .singleElement().satisfies(d -> assertThat(d.ofport()).isEqualTo(2));
        assertThatThrownBy(() -> fabric.send("hv1", 1, Packet.arpRequest(VM_MAC, "10.0.0.5", "10.0.0.1")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("two flows at one priority");
    }

    /** hv1 and hv2, both with VXLAN and mplsogre ports, each with the pipeline and the flows given for it. */
    private static Fabric twoHosts(Function<String, List<FlowSpec>> flows) {
        FlowCompiler handWritten = context -> flows.apply(context.snapshot().hostOf(context.dpid()).orElseThrow()
                .host());
        Map<String, AgentInfo> hosts = Map.of("hv1", GeneratedCloud.host(1), "hv2", GeneratedCloud.host(2));
        return new Fabric(Snapshot.EMPTY.withHosts(hosts),
                new DesiredStateCompiler(List.of(new PipelineCompiler(), handWritten), List.of(),
                        MplsEncapsulation.GRE));
    }


    private static OFAction towards(String tunnelIp) {
        return OF13.actions().setField(OF13.oxms().tunnelIpv4Dst(IPv4Address.of(tunnelIp)));
    }

    private static Match.Builder inPort(int port) {
        return OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(port));
    }

    private static FlowSpec flow(Table table, Match match, OFAction... actions) {
        return flow(table, Priority.PORT, match, actions);
    }

    private static FlowSpec flow(Table table, Priority priority, Match match, OFAction... actions) {
        return FlowSpec.of(table, priority, match, List.of(OF13.instructions().applyActions(List.of(actions))),
                FlowCookie.of(Owner.OPERATOR, "test"));
    }
}
