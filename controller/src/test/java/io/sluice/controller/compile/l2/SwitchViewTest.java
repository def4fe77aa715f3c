package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.SwitchView.LocalPort;
import io.sluice.controller.compile.l2.SwitchView.Peer;
import io.sluice.controller.compile.l2.SwitchView.RemotePort;
import io.sluice.controller.compile.l2.SwitchView.Segment;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.IPv4Address;

class SwitchViewTest {
    private final Snapshot lab = Lab.snapshot();

    @Test
    void aSwitchServesTheNetworksWithItsPortsKnowingItsPeersPorts() {
        SwitchView hv1 = view(lab, Lab.HV1);

        assertThat(hv1.tunnelPort()).isEqualTo(OptionalInt.of(Lab.TUNNEL_PORT));
        assertThat(hv1.segments()).extracting(Segment::key).containsExactly(100L, 200L);
        Segment red = hv1.segments().get(0);
        assertThat(red.local()).extracting(LocalPort::ofport).containsExactly(1, 2);
        // Ports as compilers read them: without bookkeeping, so a status written changes no view.
        assertThat(red.remote()).extracting(RemotePort::port).containsExactly(Lab.RED_C.withoutBookkeeping());
        assertThat(red.peers()).containsExactly(new Peer("hv2", IPv4Address.of("203.0.113.2")));
        assertThat(red.members()).containsExactly(Lab.RED_A.withoutBookkeeping(), Lab.RED_B.withoutBookkeeping(),
                Lab.RED_C.withoutBookkeeping());
    }

    @Test
    void anUnknownSwitchOrOneWithoutPortsServesNothing() {
        assertThat(view(lab, DatapathId.of(99)).segments()).isEmpty();
        assertThat(view(lab, Lab.HV3).segments()).isEmpty();
    }

    @Test
    void onlyPortsPluggedOnAKnownHostOfAnUpVxlanNetworkArePlaced() {
        Port redB = Lab.RED_B;
        List<Snapshot> unplaced = List.of(
                Lab.report(lab, new PortReport(redB.id(), "hv1", -1, redB.macAddress(), true)),
                Lab.report(lab, new PortReport(redB.id(), "hv1", 2, redB.macAddress(), false)),
                Lab.report(lab, new PortReport(redB.id(), "hv9", 2, redB.macAddress(), true)),
                Lab.model(lab, new Port(redB.id(), redB.projectId(), redB.networkId(), redB.name(), redB.macAddress(),
                        redB.fixedIps(), redB.deviceId(), redB.deviceOwner(), false, true, List.of(), null, null, 2)));
        for (Snapshot snapshot : unplaced) {
            assertThat(view(snapshot, Lab.HV1).segments().get(0).local()).extracting(LocalPort::port)
                    .containsExactly(Lab.RED_A.withoutBookkeeping());
        }
        Network redAsFlat = new Network(Lab.RED.id(), "red", "red", true, false, false, NetworkType.FLAT, null,
                "physnet1", 1500, 2);
        Network redDown = new Network(Lab.RED.id(), "red", "red", false, false, false, NetworkType.VXLAN, 100, null,
                1450, 2);
        for (Network network : List.of(redAsFlat, redDown)) {
            assertThat(view(Lab.model(lab, network), Lab.HV1).segments()).extracting(Segment::key)
                    .containsExactly(200L);
        }
    }

    @Test
    void aHostWithoutADatapathIdHasNoPlacedPorts() {
        AgentInfo hv2 = lab.hosts().get("hv2");
        Snapshot noDpid = Lab.host(lab, new AgentInfo("hv2", hv2.agentType(), hv2.binary(), hv2.tunnelIp(), Map.of(),
                null, hv2.tunnelPorts(), Map.of(), false));
        assertThat(view(noDpid, Lab.HV1).segments().get(0).remote()).isEmpty();
    }

    @Test
    void portsOnHostsThatCannotTunnelAreNotPeers() {
        AgentInfo hv2 = lab.hosts().get("hv2");
        Snapshot noTunnel = Lab.host(lab, new AgentInfo("hv2", hv2.agentType(), hv2.binary(), hv2.tunnelIp(), Map.of(),
                hv2.datapathId(), Map.of(), Map.of(), false));
        assertThat(view(noTunnel, Lab.HV1).segments()).allMatch(s -> s.remote().isEmpty());
        assertThat(view(noTunnel, Lab.HV2).tunnelPort()).isEmpty();
        assertThat(view(noTunnel, Lab.HV2).segments()).allMatch(s -> s.remote().isEmpty());
        assertThat(view(noTunnel, Lab.HV2).segments()).extracting(Segment::key).containsExactly(100L, 200L);
    }

    @Test
    void aPortClaimingAMacAddressOrOpenFlowPortAlreadyTakenIsLeftOut() {
        Port sameMac = Lab.port(150, "red-x", Lab.RED, Lab.RED_SUBNET, Lab.RED_A.macAddress(), "10.0.0.50", true,
                List.of());
        Port sameIp = Lab.port(151, "red-y", Lab.RED, Lab.RED_SUBNET, "fa:16:3e:00:01:51", "10.0.0.12", true,
                List.of());
        Port sameOfport = Lab.port(152, "blue-z", Lab.BLUE, Lab.BLUE_SUBNET, "fa:16:3e:00:02:52", "10.0.0.52", true,
                List.of());
        Snapshot clashing = Lab.plug(Lab.plug(Lab.plug(lab, sameMac, "hv1", 7), sameIp, "hv1", 8),
                sameOfport, "hv1", 2);

        assertThat(view(clashing, Lab.HV1)).isEqualTo(view(lab, Lab.HV1));
    }

    private static SwitchView view(Snapshot snapshot, DatapathId dpid) {
        return SwitchView.of(snapshot, dpid, MplsEncapsulation.GRE);
    }
}
