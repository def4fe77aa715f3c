package io.sluice.controller.compile.mpls;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.FlowDump;
import io.sluice.controller.compile.l2.Lab;
import io.sluice.controller.compile.l2.SwitchView;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.ExternalGateway;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The expected MPLS flows of a small cloud, as an operator would read them:
 * <pre>
 *  hv1 (203.0.113.1; vxlan 100, mplsogre 101)    hv2 (203.0.113.2; vxlan 100, mplsogre 101)
 *   1 green-a .11 label 16                          1 green-c .13 label 18
 *   2 green-b .12 label 17                          2 qr (router r1, 10.8.0.1) label 19
 * </pre>
 * green is an MPLS network (VRF 300, 10.8.0.0/24); router r1 also has an interface on 10.9.0.0/24 (another
 * network, not plugged anywhere) and a gateway.
 */
class MplsFlowDumpTest {
    private static final int MPLSOGRE = 101;
    private static final Network GREEN = new Network(Lab.id(3), "green", "green", true, false, false,
            NetworkType.MPLS, 300, null, 1472, 1);
    private static final Network OTHER = new Network(Lab.id(4), "green", "other", true, false, false,
            NetworkType.MPLS, 301, null, 1472, 1);
    private static final Subnet GREEN_SUBNET = new Subnet(Lab.id(13), "green", GREEN.id(), "green-subnet",
            "10.8.0.0/24", "10.8.0.1", List.of(), true, List.of(), List.of(), 1);
    private static final Subnet OTHER_SUBNET = new Subnet(Lab.id(14), "green", OTHER.id(), "other-subnet",
            "10.9.0.0/24", "10.9.0.1", List.of(), true, List.of(), List.of(), 1);
    private static final Router R1 = new Router(Lab.id(500), "green", "r1", "", true,
            new ExternalGateway(Lab.id(600), true, List.of()), List.of(), 1);
    private static final Port GREEN_A = vm(301, "green-a", "fa:16:3e:00:03:0a", "10.8.0.11", "hv1", 16);
    private static final Port GREEN_B = vm(302, "green-b", "fa:16:3e:00:03:0b", "10.8.0.12", "hv1", 17);
    private static final Port GREEN_C = vm(303, "green-c", "fa:16:3e:00:03:0c", "10.8.0.13", "hv2", 18);
    private static final Port QR = routerPort(304, "qr", GREEN, GREEN_SUBNET, "fa:16:3e:00:03:01", "10.8.0.1", 19);
    private static final Port QR_OTHER = routerPort(305, "qr-other", OTHER, OTHER_SUBNET, "fa:16:3e:00:04:01",
            "10.9.0.1", 20);

    private final Snapshot snapshot = snapshot();

    @Test
    void labelledPacketsForLocalPortsArePoppedAndDeliveredInClassify() {
        assertThat(dump(MplsEncapsulation.GRE, Lab.HV1).get("CLASSIFY")).containsExactly(lines("""
                priority=0 * actions=drop cookie=PIPELINE:CLASSIFY
                priority=200 in_port=1 actions=write_metadata:0x12c/0xffff01ffffff,goto_table:PORT_SECURITY cookie=CLASSIFY:green-a
                priority=200 in_port=101,eth_type=0x8847,mpls_label=16 actions=pop_mpls:0x800,set_field:00:00:5e:00:01:00->eth_src,set_field:fa:16:3e:00:03:0a->eth_dst,output:1 cookie=MPLS_RECEIVE:green-a
                priority=200 in_port=101,eth_type=0x8847,mpls_label=17 actions=pop_mpls:0x800,set_field:00:00:5e:00:01:00->eth_src,set_field:fa:16:3e:00:03:0b->eth_dst,output:2 cookie=MPLS_RECEIVE:green-b
                priority=200 in_port=2 actions=write_metadata:0x12c/0xffff01ffffff,goto_table:PORT_SECURITY cookie=CLASSIFY:green-b
                """));
    }

    @Test
    void everyArpRequestInTheVrfIsAnsweredWithTheGatewayMacButTheOwnersOwnProbe() {
        assertThat(dump(MplsEncapsulation.GRE, Lab.HV1).get("ARP_DHCP")).containsExactly(lines("""
                priority=0 * actions=goto_table:L3_VRF cookie=PIPELINE:ARP_DHCP
                priority=100 metadata=0x12c/0xffff01ffffff,eth_type=0x806,arp_op=1 actions=move:eth_src->eth_dst,set_field:00:00:5e:00:01:00->eth_src,set_field:2->arp_op,move:arp_sha->arp_tha,move:arp_tpa->reg0,move:arp_spa->arp_tpa,move:reg0->arp_spa,set_field:00:00:5e:00:01:00->arp_sha,in_port cookie=VRF_ARP:green
                priority=200 in_port=1,eth_type=0x800,ip_proto=0x11,udp_src=68,udp_dst=67 actions=meter:3,controller:65535 cookie=DHCP_PUNT:green-a
                priority=200 in_port=2,eth_type=0x800,ip_proto=0x11,udp_src=68,udp_dst=67 actions=meter:5,controller:65535 cookie=DHCP_PUNT:green-b
                priority=300 in_port=1,metadata=0x12c/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.8.0.11 actions=goto_table:L3_VRF cookie=ARP_RESPONDER:green-a
                priority=300 in_port=2,metadata=0x12c/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.8.0.12 actions=goto_table:L3_VRF cookie=ARP_RESPONDER:green-b
                """));
    }

    @Test
    void theVrfRoutesHostsLocallyOrByLabelAndTheRestThroughTheRoutersPort() {
        String local = "actions=dec_ttl,set_field:00:00:5e:00:01:00->eth_src,set_field:%s->eth_dst,output:%d";
        String remote = "actions=dec_ttl,push_mpls:0x8847,set_field:%d->mpls_label,set_field:203.0.113.2->tun_dst,"
                + "output:101";
        String match = "metadata=0x12c/0xffff01ffffff,eth_dst=00:00:5e:00:01:00,eth_type=0x800";
        assertThat(dump(MplsEncapsulation.GRE, Lab.HV1).get("L3_VRF")).containsExactly(
                "priority=0 * actions=goto_table:L2_FORWARD cookie=PIPELINE:L3_VRF",
                "priority=100 " + match + " " + remote.formatted(19) + " cookie=VRF_ROUTE:qr",
                "priority=124 " + match + ",ipv4_dst=10.9.0.0/255.255.255.0 " + remote.formatted(19)
                        + " cookie=VRF_ROUTE:qr",
                "priority=132 " + match + ",ipv4_dst=10.8.0.1 " + remote.formatted(19) + " cookie=VRF_ROUTE:qr",
                "priority=132 " + match + ",ipv4_dst=10.8.0.11 " + local.formatted("fa:16:3e:00:03:0a", 1)
                        + " cookie=VRF_ROUTE:green-a",
                "priority=132 " + match + ",ipv4_dst=10.8.0.12 " + local.formatted("fa:16:3e:00:03:0b", 2)
                        + " cookie=VRF_ROUTE:green-b",
                "priority=132 " + match + ",ipv4_dst=10.8.0.13 " + remote.formatted(18) + " cookie=VRF_ROUTE:green-c");
    }

    @Test
    void aVrfNeitherFloodsNorSwitchesOnMacs() {
        SwitchState hv1 = DesiredStateCompiler.standard().compile(snapshot, Lab.HV1);
        assertThat(dump(MplsEncapsulation.GRE, Lab.HV1).get("L2_FORWARD"))
                .containsExactly("priority=0 * actions=drop cookie=PIPELINE:L2_FORWARD");
        assertThat(hv1.groups()).isEmpty();
    }

    @Test
    void insideVxlanTheLabelRidesTheVxlanPortWithVniZero() {
        Map<String, List<String>> hv1 = dump(MplsEncapsulation.VXLAN, Lab.HV1);
        assertThat(hv1.get("CLASSIFY")).contains("priority=200 in_port=100,eth_type=0x8847,mpls_label=16,tun_id=0x0 "
                + "actions=pop_mpls:0x800,set_field:00:00:5e:00:01:00->eth_src,set_field:fa:16:3e:00:03:0a->eth_dst,"
                + "output:1 cookie=MPLS_RECEIVE:green-a");
        assertThat(hv1.get("L3_VRF")).contains("priority=132 metadata=0x12c/0xffff01ffffff,eth_dst=00:00:5e:00:01:00,"
                + "eth_type=0x800,ipv4_dst=10.8.0.13 actions=dec_ttl,push_mpls:0x8847,set_field:18->mpls_label,"
                + "set_field:0x0->tun_id,set_field:203.0.113.2->tun_dst,output:100 cookie=VRF_ROUTE:green-c");
    }

    @Test
    void aPortWithoutALabelOrAHostWithoutTheEncapsulationsPortGetsNoRemoteRoute() {
        Port unlabelled = GREEN_C.withBinding(new PortBinding("hv2", Map.of()));
        Snapshot withoutLabel = snapshot.withTenants(snapshot.tenants().withPorts(2,
                replace(snapshot.tenants().ports(), unlabelled)));
        assertThat(String.join("\n", dump(withoutLabel, MplsEncapsulation.GRE, Lab.HV1).get("L3_VRF")))
                .doesNotContain("10.8.0.13");
        AgentInfo hv2NoGre = host("hv2", 2, Map.of(SwitchView.VXLAN_PORT, Lab.TUNNEL_PORT));
        Map<String, AgentInfo> hosts = new java.util.HashMap<>(snapshot.hosts());
        hosts.put("hv2", hv2NoGre);
        assertThat(String.join("\n", dump(snapshot.withHosts(hosts), MplsEncapsulation.GRE, Lab.HV1).get("L3_VRF")))
                .doesNotContain("push_mpls");
    }

    private Map<String, List<String>> dump(MplsEncapsulation encapsulation, DatapathId dpid) {
        return dump(snapshot, encapsulation, dpid);
    }

    private static Map<String, List<String>> dump(Snapshot snapshot, MplsEncapsulation encapsulation,
                                                  DatapathId dpid) {
        SwitchState state = DesiredStateCompiler.standard(encapsulation).compileFresh(snapshot, dpid);
        return new FlowDump(snapshot).byTable(new ArrayList<>(state.flows().values()));
    }

    private static Snapshot snapshot() {
        List<Port> ports = List.of(GREEN_A, GREEN_B, GREEN_C, QR, QR_OTHER);
        TenantModel model = new TenantModel(1, byId(List.of(GREEN, OTHER), Network::id),
                byId(List.of(GREEN_SUBNET, OTHER_SUBNET), Subnet::id), byId(ports, Port::id),
                Map.of(R1.id(), R1), Map.of(), Map.of(), Map.of(R1.id(), "hv2"));
        Map<String, Integer> tunnels = Map.of(SwitchView.VXLAN_PORT, Lab.TUNNEL_PORT,
                MplsEncapsulation.GRE.tunnelPortKind(), MPLSOGRE);
        return new Snapshot(Map.of("hv1", host("hv1", 1, tunnels), "hv2", host("hv2", 2, tunnels)),
                byId(List.of(Lab.plugged(GREEN_A, "hv1", 1), Lab.plugged(GREEN_B, "hv1", 2),
                        Lab.plugged(GREEN_C, "hv2", 1), Lab.plugged(QR, "hv2", 2)), PortReport::portId),
                model, OperatorFlows.NONE);
    }

    private static AgentInfo host(String name, int n, Map<String, Integer> tunnels) {
        return new AgentInfo(name, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "203.0.113." + n, Map.of(),
                String.format("%016x", n), tunnels, Map.of(), false);
    }

    private static Port vm(int n, String name, String mac, String ip, String host, int label) {
        return new Port(Lab.id(n), "green", GREEN.id(), name, mac, List.of(new FixedIp(GREEN_SUBNET.id(), ip)),
                "vm-" + name, "compute:nova", true, true, List.of(), new PortBinding(host, Map.of(), label), null, 1);
    }

    private static Port routerPort(int n, String name, Network network, Subnet subnet, String mac, String ip,
                                   int label) {
        return new Port(Lab.id(n), "green", network.id(), name, mac, List.of(new FixedIp(subnet.id(), ip)), R1.id(),
                Router.INTERFACE_OWNER, true, false, List.of(), new PortBinding("hv2", Map.of(), label), null, 1);
    }

    private static Map<String, Port> replace(Map<String, Port> ports, Port port) {
        Map<String, Port> replaced = new java.util.HashMap<>(ports);
        replaced.put(port.id(), port);
        return replaced;
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, Function.identity()));
    }

    private static String[] lines(String block) {
        return block.strip().lines().map(String::strip).toArray(String[]::new);
    }
}
