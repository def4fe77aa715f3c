package io.sluice.controller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.sim.Fabric.Crossing;
import io.sluice.controller.sim.Fabric.Delivered;
import io.sluice.controller.sim.Fabric.Journey;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * Packet fates in a cloud small enough to read, as examples of the simulator. Two projects with the same
 * CIDR, on two hosts:
 * <pre>
 *              hv1 (100.64.0.1)                  hv2 (100.64.0.2)
 *  red  (VXLAN, VNI 1001)   1 red-a  10.0.0.11        1 red-b  10.0.0.12
 *  blue (MPLS, VRF 1002)    2 blue-a 10.0.0.11 L100    2 blue-b 10.0.0.12 L200
 *                           3 blue-c 10.0.0.13 L300
 * </pre>
 */
class SimExamplesTest {
    private static final Network RED = network(1, "red", NetworkType.VXLAN, 1001);
    private static final Network BLUE = network(2, "blue", NetworkType.MPLS, 1002);
    private static final Subnet RED_SUBNET = subnet(11, RED);
    private static final Subnet BLUE_SUBNET = subnet(12, BLUE);
    private static final Port RED_A = port(101, RED, RED_SUBNET, "10.0.0.11", "hv1", null);
    private static final Port RED_B = port(102, RED, RED_SUBNET, "10.0.0.12", "hv2", null);
    private static final Port BLUE_A = port(201, BLUE, BLUE_SUBNET, "10.0.0.11", "hv1", 100);
    private static final Port BLUE_B = port(202, BLUE, BLUE_SUBNET, "10.0.0.12", "hv2", 200);
    private static final Port BLUE_C = port(203, BLUE, BLUE_SUBNET, "10.0.0.13", "hv1", 300);

    private final Fabric fabric = Fabric.of(new Snapshot(
            Map.of("hv1", GeneratedCloud.host(1), "hv2", GeneratedCloud.host(2)),
            Map.of(RED_A.id(), plugged(RED_A, 1), RED_B.id(), plugged(RED_B, 1), BLUE_A.id(), plugged(BLUE_A, 2),
                    BLUE_B.id(), plugged(BLUE_B, 2), BLUE_C.id(), plugged(BLUE_C, 3)),
            TenantModel.of(1, List.of(RED, BLUE), List.of(RED_SUBNET, BLUE_SUBNET),
                    List.of(RED_A, RED_B, BLUE_A, BLUE_B, BLUE_C)),
            OperatorFlows.NONE));

    @Test
    void aVxlanPingCrossesTheTunnelWithTheNetworksVniAndArrivesUntouched() {
        Journey journey = fabric.send("hv1", 1, ping(RED_A, RED_B.macAddress(), "10.0.0.12"));

        Packet arrived = deliveredAt(journey, "hv2:1");
        assertThat(arrived.get(MatchField.TUNNEL_ID)).isEqualTo(U64.of(1001));
        assertThat(arrived.get(MatchField.ETH_SRC)).isEqualTo(MacAddress.of(RED_A.macAddress()));
        assertThat(arrived.get(MatchField.ETH_DST)).isEqualTo(MacAddress.of(RED_B.macAddress()));
        assertThat(arrived.ipTtl()).as("switched, not routed").isEqualTo(Packet.GUEST_TTL);
    }

    @Test
    void vxlanArpIsAnsweredWithTheOwnersMacOfTheAskersOwnNetwork() {
        Packet reply = deliveredAt(fabric.send("hv1", 1, arp(RED_A, "10.0.0.12")), "hv1:1");

        assertThat(reply.get(MatchField.ARP_OP)).isEqualTo(ArpOpcode.REPLY);
        assertThat(reply.get(MatchField.ARP_SHA)).as("red-b, not blue-b at the same address")
                .isEqualTo(MacAddress.of(RED_B.macAddress()));
    }

    @Test
    void aVxlanPacketForAnotherProjectsMacStaysInItsNetwork() {
        Journey journey = fabric.send("hv1", 1, ping(RED_A, BLUE_B.macAddress(), "10.0.0.12"));

        assertThat(journey.deliveries()).as("unknown in red: flooded to red's other port only")
                .extracting(d -> d.host() + ":" + d.ofport()).containsExactly("hv2:1");
    }

    @Test
    void mplsArpIsAnsweredWithTheGatewayMac() {
        Packet reply = deliveredAt(fabric.send("hv1", 2, arp(BLUE_A, "10.0.0.12")), "hv1:2");

        assertThat(reply.get(MatchField.ARP_OP)).isEqualTo(ArpOpcode.REPLY);
        assertThat(reply.get(MatchField.ARP_SHA)).isEqualTo(MacAddress.of(SimReachabilityTest.GATEWAY_MAC));
    }

    @Test
    void anMplsPingAcrossHostsTravelsAsALabelOverGreAndArrivesRouted() {
        Journey journey = fabric.send("hv1", 2, ping(BLUE_A, SimReachabilityTest.GATEWAY_MAC, "10.0.0.12"));

        Packet arrived = deliveredAt(journey, "hv2:2");
        assertThat(arrived.get(MatchField.ETH_TYPE)).isEqualTo(EthType.IPv4);
        assertThat(arrived.get(MatchField.ETH_SRC)).isEqualTo(MacAddress.of(SimReachabilityTest.GATEWAY_MAC));
        assertThat(arrived.get(MatchField.ETH_DST)).isEqualTo(MacAddress.of(BLUE_B.macAddress()));
        assertThat(arrived.ipTtl()).as("one routed hop").isEqualTo(Packet.GUEST_TTL - 1);
        assertThat(journey.trace()).filteredOn(Crossing.class::isInstance).map(Crossing.class::cast)
                .singleElement().satisfies(crossing -> {
                    assertThat(crossing.kind()).isEqualTo(Fabric.MPLSOGRE);
                    assertThat(crossing.to()).isEqualTo("hv2");
                    assertThat(crossing.packet().get(MatchField.MPLS_LABEL)).isEqualTo(U32.of(200));
                    assertThat(crossing.packet().get(MatchField.ETH_DST)).as("no Ethernet on the wire")
                            .isEqualTo(MacAddress.NONE);
                });
    }

    @Test
    void anMplsPingOnOneHostIsRoutedStraightToThePort() {
        Journey journey = fabric.send("hv1", 2, ping(BLUE_A, SimReachabilityTest.GATEWAY_MAC, "10.0.0.13"));

        Packet arrived = deliveredAt(journey, "hv1:3");
        assertThat(arrived.get(MatchField.ETH_DST)).isEqualTo(MacAddress.of(BLUE_C.macAddress()));
        assertThat(arrived.ipTtl()).isEqualTo(Packet.GUEST_TTL - 1);
        assertThat(journey.trace()).noneMatch(Crossing.class::isInstance);
    }

    @Test
    void anMplsPacketForAnAddressOutsideTheVrfIsDropped() {
        assertThat(fabric.send("hv1", 2, ping(BLUE_A, SimReachabilityTest.GATEWAY_MAC, "10.0.0.99")).fates())
                .isEmpty();
        assertThat(fabric.send("hv1", 2, ping(BLUE_A, RED_B.macAddress(), "10.0.0.12")).fates())
                .as("red-b's MAC means nothing in blue's VRF").isEmpty();
    }

    private static Packet deliveredAt(Journey journey, String where) {
        assertThat(journey.fates()).as(journey.describe()).singleElement().isInstanceOfSatisfying(Delivered.class,
                d -> assertThat(d.host() + ":" + d.ofport()).isEqualTo(where));
        return journey.deliveries().get(0).packet();
    }

    private static Packet ping(Port from, String dstMac, String dstIp) {
        return Packet.ipv4(from.macAddress(), dstMac, from.fixedIps().get(0).ipAddress(), dstIp);
    }

    private static Packet arp(Port from, String targetIp) {
        return Packet.arpRequest(from.macAddress(), from.fixedIps().get(0).ipAddress(), targetIp);
    }


    private static PortReport plugged(Port port, int ofport) {
        return new PortReport(port.id(), port.binding().hostId(), ofport, port.macAddress(), true);
    }

    private static Network network(int n, String project, NetworkType type, int segment) {
        return new Network(id(n), project, project, true, false, false, type, segment, null, 1450, 1);
    }

    private static Subnet subnet(int n, Network network) {
        return new Subnet(id(n), network.projectId(), network.id(), network.name() + "-subnet", "10.0.0.0/24",
                "10.0.0.1", List.of(), true, List.of(), List.of(), 1);
    }

    private static Port port(int n, Network network, Subnet subnet, String ip, String host, Integer label) {
        return new Port(id(n), network.projectId(), network.id(), network.name() + "-" + n,
                String.format("fa:16:3e:00:%02x:%02x", n / 100, n % 100), List.of(new FixedIp(subnet.id(), ip)),
                "vm-" + n, "compute:nova", true, true, List.of(), new PortBinding(host, Map.of(), label), null, 1);
    }

    private static String id(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }
}
