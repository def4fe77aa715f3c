package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.sim.Fabric;
import io.sluice.controller.sim.Fabric.Delivered;
import io.sluice.controller.sim.Fabric.Fate;
import io.sluice.controller.sim.Fabric.Journey;
import io.sluice.controller.sim.Fabric.Punted;
import io.sluice.controller.sim.Packet;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Port;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.U64;

/** Where packets end up in {@link Lab}, through every switch's compiled tables and the underlay between them. */
class PacketFateTest {
    private final Fabric lab = Fabric.of(Lab.snapshot());

    @Test
    void vmToVmOnOneHostGoesStraightToThePort() {
        assertThat(where(lab.send("hv1", 1, ipv4(Lab.RED_A, Lab.RED_B)))).containsExactly("hv1:2");
    }

    @Test
    void vmToVmAcrossHostsCrossesTheTunnelWithTheNetworksVniAndThePeersAddress() {
        Journey journey = lab.send("hv1", 1, ipv4(Lab.RED_A, Lab.RED_C));
        List<Fate> fates = journey.fates();

        assertThat(where(journey)).containsExactly("hv2:1");
        Packet arrived = ((Delivered) fates.get(0)).packet();
        assertThat(arrived.get(MatchField.TUNNEL_ID)).isEqualTo(U64.of(100));
        assertThat(arrived.get(MatchField.TUNNEL_IPV4_DST)).isEqualTo(IPv4Address.of("203.0.113.2"));
        assertThat(arrived.get(MatchField.TUNNEL_IPV4_SRC)).isEqualTo(IPv4Address.of("203.0.113.1"));
        assertThat(where(lab.send("hv2", 1, ipv4(Lab.RED_C, Lab.RED_A)))).containsExactly("hv1:1");
        assertThat(where(lab.send("hv2", 2, ipv4(Lab.BLUE_B, Lab.BLUE_A)))).containsExactly("hv1:3");
    }

    @Test
    void broadcastReachesEveryOtherPortOfItsNetworkExactlyOnce() {
        assertThat(where(lab.send("hv1", 1, arp(Lab.RED_A, "10.0.0.99")))).containsExactlyInAnyOrder("hv1:2", "hv2:1");
        assertThat(where(lab.send("hv2", 1, arp(Lab.RED_C, "10.0.0.99")))).containsExactlyInAnyOrder("hv1:1", "hv1:2");
        assertThat(where(lab.send("hv1", 3, arp(Lab.BLUE_A, "10.0.0.99")))).containsExactly("hv2:2");
        assertThat(where(lab.send("hv2", 2, arp(Lab.BLUE_B, "10.0.0.99")))).containsExactly("hv1:3");
    }

    @Test
    void broadcastOverThreeHostsIsCopiedOncePerPeerAndNeverComesBack() {
        Port redE = Lab.port(105, "red-e", Lab.RED, Lab.RED_SUBNET, "fa:16:3e:00:01:0e", "10.0.0.15", true, List.of());
        Fabric three = Fabric.of(Lab.plug(Lab.snapshot(), redE, "hv3", 1));

        assertThat(where(three.send("hv1", 1, arp(Lab.RED_A, "10.0.0.99"))))
                .containsExactlyInAnyOrder("hv1:2", "hv2:1", "hv3:1");
        assertThat(where(three.send("hv3", 1, arp(redE, "10.0.0.99"))))
                .containsExactlyInAnyOrder("hv1:1", "hv1:2", "hv2:1");
    }

    @Test
    void unknownUnicastFloodsWithinTheNetwork() {
        Packet toNobody = Packet.ipv4(Lab.RED_A.macAddress(), "fa:16:3e:99:99:99", "10.0.0.11", "10.0.0.99");
        assertThat(where(lab.send("hv1", 1, toNobody))).containsExactlyInAnyOrder("hv1:2", "hv2:1");
    }

    @Test
    void arpForAKnownAddressIsAnsweredInPlaceWithItsOwnersMac() {
        Journey journey = lab.send("hv1", 1, arp(Lab.RED_A, "10.0.0.13"));
        List<Fate> fates = journey.fates();

        assertThat(where(journey)).containsExactly("hv1:1");
        Packet reply = ((Delivered) fates.get(0)).packet();
        MacAddress redA = MacAddress.of(Lab.RED_A.macAddress());
        MacAddress redC = MacAddress.of(Lab.RED_C.macAddress());
        assertThat(reply.get(MatchField.ETH_SRC)).isEqualTo(redC);
        assertThat(reply.get(MatchField.ETH_DST)).isEqualTo(redA);
        assertThat(reply.get(MatchField.ARP_OP)).isEqualTo(ArpOpcode.REPLY);
        assertThat(reply.get(MatchField.ARP_SHA)).isEqualTo(redC);
        assertThat(reply.get(MatchField.ARP_SPA)).isEqualTo(IPv4Address.of("10.0.0.13"));
        assertThat(reply.get(MatchField.ARP_THA)).isEqualTo(redA);
        assertThat(reply.get(MatchField.ARP_TPA)).isEqualTo(IPv4Address.of("10.0.0.11"));
    }

    @Test
    void theSameAddressIsAnsweredWithEachNetworksOwnPort() {
        assertThat(answer(lab.send("hv1", 1, arp(Lab.RED_A, "10.0.0.12")))).isEqualTo(Lab.RED_B.macAddress());
        assertThat(answer(lab.send("hv1", 3, arp(Lab.BLUE_A, "10.0.0.12")))).isEqualTo(Lab.BLUE_B.macAddress());
        assertThat(answer(lab.send("hv2", 2, arp(Lab.BLUE_B, "10.0.0.11")))).isEqualTo(Lab.BLUE_A.macAddress());
    }

    @Test
    void aPortsArpForItsOwnAddressIsNotAnsweredButAnnounced() {
        assertThat(where(lab.send("hv1", 1, arp(Lab.RED_A, "10.0.0.11")))).containsExactlyInAnyOrder("hv1:2", "hv2:1");
    }

    @Test
    void arpForAPortPluggedNowhereGoesUnanswered() {
        assertThat(where(lab.send("hv1", 1, arp(Lab.RED_A, "10.0.0.14")))).containsExactlyInAnyOrder("hv1:2", "hv2:1");
    }

    @Test
    void trafficNeverCrossesProjectsDespiteOverlappingAddresses() {
        List<String> redPorts = List.of("hv1:1", "hv1:2", "hv2:1");
        Packet blueToRedB = Packet.ipv4(Lab.BLUE_A.macAddress(), Lab.RED_B.macAddress(), "10.0.0.11", "10.0.0.12");
        Packet blueToRedC = Packet.ipv4(Lab.BLUE_A.macAddress(), Lab.RED_C.macAddress(), "10.0.0.11", "10.0.0.13");
        Packet blueBToRedA = Packet.ipv4(Lab.BLUE_B.macAddress(), Lab.RED_A.macAddress(), "10.0.0.12", "10.0.0.11");

        assertThat(where(lab.send("hv1", 3, blueToRedB))).doesNotContainAnyElementsOf(redPorts);
        assertThat(where(lab.send("hv1", 3, blueToRedC))).doesNotContainAnyElementsOf(redPorts);
        assertThat(where(lab.send("hv2", 2, blueBToRedA))).doesNotContainAnyElementsOf(redPorts);
        assertThat(where(lab.receiveTunnelled("hv1", "203.0.113.2", 200, blueBToRedA)))
                .as("blue's VNI cannot reach a red port").containsExactly("hv1:3");
    }

    @Test
    void aTunnelledPacketOfAnUnservedVniIsDropped() {
        assertThat(where(lab.receiveTunnelled("hv1", "203.0.113.2", 999, ipv4(Lab.RED_C, Lab.RED_A)))).isEmpty();
        assertThat(where(lab.receiveTunnelled("hv3", "203.0.113.2", 100, ipv4(Lab.RED_C, Lab.RED_A)))).isEmpty();
    }

    @Test
    void aTunnelledPacketIsNeverSentBackIntoTheTunnel() {
        // hv2 believes red-c lives on hv1 (e.g. mid-migration): hv1 floods it locally instead of bouncing it.
        Packet toRedC = ipv4(Lab.RED_A, Lab.RED_C);
        assertThat(where(lab.receiveTunnelled("hv1", "203.0.113.2", 100, toRedC)))
                .containsExactlyInAnyOrder("hv1:1", "hv1:2");
    }

    @Test
    void aVmThatChangesItsMacOrAddressIsCutOff() {
        String redA = Lab.RED_A.macAddress();
        String redB = Lab.RED_B.macAddress();
        assertThat(where(lab.send("hv1", 1, Packet.ipv4("fa:16:3e:00:01:99", redB, "10.0.0.11", "10.0.0.12"))))
                .isEmpty();
        assertThat(where(lab.send("hv1", 1, Packet.ipv4(redA, redB, "10.0.0.12", "10.0.0.12")))).isEmpty();
        assertThat(where(lab.send("hv1", 1, Packet.arpRequest(redA, "10.0.0.12", "10.0.0.13")))).as("ARP spoof")
                .isEmpty();
        assertThat(where(lab.send("hv1", 1, Packet.arpRequest(redA, "10.0.0.11", "10.0.0.13")
                .with(MatchField.ARP_SHA, MacAddress.of(redB))))).as("ARP with another's MAC inside").isEmpty();
        assertThat(where(lab.send("hv1", 1, Packet.dhcpDiscover(redB)))).as("DHCP with another's MAC").isEmpty();
    }

    @Test
    void allowedAddressPairsAndPortsWithoutSecurityMaySendFromOtherAddresses() {
        String redB = Lab.RED_B.macAddress();
        assertThat(where(lab.send("hv1", 1, Packet.ipv4(Lab.RED_A.macAddress(), redB, "10.0.0.100", "10.0.0.12"))))
                .containsExactly("hv1:2");
        assertThat(where(lab.send("hv2", 2, Packet.ipv4("fa:16:3e:00:02:99", Lab.BLUE_A.macAddress(), "10.9.9.9",
                "10.0.0.11")))).as("blue-b has port security off").containsExactly("hv1:3");
    }

    @Test
    void dhcpFromAPortOfADhcpSubnetGoesToTheControllerOnly() {
        List<Fate> fates = lab.send("hv1", 1, Packet.dhcpDiscover(Lab.RED_A.macAddress())).fates();

        assertThat(fates).singleElement().isInstanceOfSatisfying(Punted.class, punted -> {
            assertThat(punted.host()).isEqualTo("hv1");
            assertThat(FlowCookie.parse(punted.cookie())).contains(
                    FlowCookie.of(Owner.DHCP_PUNT, UUID.fromString(Lab.RED_A.id())));
            assertThat(punted.packet().get(MatchField.IN_PORT).getPortNumber()).isEqualTo(1);
        });
        assertThat(where(lab.send("hv1", 3, Packet.dhcpDiscover(Lab.BLUE_A.macAddress()))))
                .as("blue's subnet has DHCP off: the discover floods in blue").containsExactly("hv2:2");
    }

    @Test
    void aRouterInterfaceForwardsRoutedPacketsThatAVmMayNotSend() {
        Port qr = new Port(Lab.id(170), "red", Lab.RED.id(), "qr", "fa:16:3e:00:01:70",
                List.of(new FixedIp(Lab.RED_SUBNET.id(), "10.0.0.1")), "router-1", "network:router_interface", true,
                true, List.of(), null, null, 1);
        Fabric routed = Fabric.of(Lab.plug(Lab.snapshot(), qr, "hv1", 7));
        Packet fromOutside = Packet.ipv4(qr.macAddress(), Lab.RED_C.macAddress(), "198.51.100.7", ip(Lab.RED_C));

        assertThat(where(routed.send("hv1", 7, fromOutside))).as("routed by qr").containsExactly("hv2:1");
        assertThat(where(routed.send("hv1", 1, Packet.ipv4(Lab.RED_A.macAddress(), Lab.RED_C.macAddress(),
                "198.51.100.7", ip(Lab.RED_C))))).as("the same source from a VM").isEmpty();
    }

    private static Packet ipv4(Port from, Port to) {
        return Packet.ipv4(from.macAddress(), to.macAddress(), ip(from), ip(to));
    }

    private static Packet arp(Port from, String targetIp) {
        return Packet.arpRequest(from.macAddress(), ip(from), targetIp);
    }

    private static String ip(Port port) {
        return port.fixedIps().get(0).ipAddress();
    }

    /** Each copy's end as host:port ("controller": a punt, "vanished": dropped on the way), in the order they left. */
    private static List<String> where(Journey journey) {
        return journey.fates().stream().map(f -> f instanceof Delivered d ? d.host() + ":" + d.ofport()
                : f instanceof Punted ? "controller" : "vanished").toList();
    }

    /** The MAC an ARP answer gives: the only copy must be the reply, back to the asker. */
    private static String answer(Journey journey) {
        assertThat(journey.fates()).singleElement().isInstanceOf(Delivered.class);
        Packet reply = journey.deliveries().get(0).packet();
        assertThat(reply.get(MatchField.ARP_OP)).isEqualTo(ArpOpcode.REPLY);
        return reply.get(MatchField.ARP_SHA).toString();
    }
}
