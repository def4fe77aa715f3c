package io.sluice.controller.compile.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.FlowDump;
import io.sluice.controller.compile.l2.Lab;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Expected flows of flat and VLAN networks, table by table. Two hosts map physnet1 (hv1's patch port is 7,
 * hv2's 9); hv3 maps nothing.
 * <pre>
 *  ext  flat on physnet1, 203.0.113.0/24, no DHCP     corp  VLAN 101 on physnet1, 10.1.0.0/24, DHCP
 *  hv1: 4 ext-a .11, 5 corp-a .11, 6 ext-gw .2 (network:router_gateway, port security on)
 *  hv2: 1 corp-b .12                                   hv3: 1 corp-c .13 (not placed: no mapping)
 * </pre>
 */
class ProviderFlowDumpTest {
    static final Network EXT = new Network(Lab.id(1), "admin", "ext", true, false, true, NetworkType.FLAT, null,
            "physnet1", 1500, 1);
    static final Network CORP = new Network(Lab.id(2), "admin", "corp", true, false, false, NetworkType.VLAN, 101,
            "physnet1", 1500, 1);
    static final Subnet EXT_SUBNET = new Subnet(Lab.id(11), "admin", EXT.id(), "ext-subnet", "203.0.113.0/24",
            "203.0.113.1", List.of(), false, List.of(), List.of(), 1);
    static final Subnet CORP_SUBNET = new Subnet(Lab.id(12), "admin", CORP.id(), "corp-subnet", "10.1.0.0/24",
            "10.1.0.1", List.of(), true, List.of(), List.of(), 1);
    static final Port EXT_A = port(101, "ext-a", EXT_SUBNET, "fa:16:3e:00:0e:0a", "203.0.113.11", "compute:nova");
    static final Port EXT_GW = port(102, "ext-gw", EXT_SUBNET, "fa:16:3e:00:0e:0b", "203.0.113.2",
            "network:router_gateway");
    static final Port CORP_A = port(201, "corp-a", CORP_SUBNET, "fa:16:3e:00:0c:0a", "10.1.0.11", "compute:nova");
    static final Port CORP_B = port(202, "corp-b", CORP_SUBNET, "fa:16:3e:00:0c:0b", "10.1.0.12", "compute:nova");
    static final Port CORP_C = port(203, "corp-c", CORP_SUBNET, "fa:16:3e:00:0c:0c", "10.1.0.13", "compute:nova");

    private final Snapshot snapshot = new Snapshot(
            Map.of("hv1", host("hv1", 1, Map.of("physnet1", 7)), "hv2", host("hv2", 2, Map.of("physnet1", 9)),
                    "hv3", host("hv3", 3, Map.of())),
            Map.of(EXT_A.id(), plugged(EXT_A, "hv1", 4), CORP_A.id(), plugged(CORP_A, "hv1", 5),
                    EXT_GW.id(), plugged(EXT_GW, "hv1", 6), CORP_B.id(), plugged(CORP_B, "hv2", 1),
                    CORP_C.id(), plugged(CORP_C, "hv3", 1)),
            TenantModel.of(1, List.of(EXT, CORP), List.of(EXT_SUBNET, CORP_SUBNET),
                    List.of(EXT_A, EXT_GW, CORP_A, CORP_B, CORP_C)),
            OperatorFlows.NONE);

    @Test
    void classifyTakesTheFlatNetworkUntaggedAndTheVlanByItsIdFromThePatchPort() {
        assertThat(dump(Lab.HV1).get("CLASSIFY")).containsExactly(lines("""
                priority=0 * actions=drop cookie=PIPELINE:CLASSIFY
                priority=100 in_port=7,vlan_vid=0x0 actions=write_metadata:0x701000000/0xffff01ffffff,goto_table:L2_FORWARD cookie=PROVIDER_CLASSIFY:ext
                priority=100 in_port=7,vlan_vid=0x1065 actions=pop_vlan,write_metadata:0x701000065/0xffff01ffffff,goto_table:L2_FORWARD cookie=PROVIDER_CLASSIFY:corp
                priority=200 in_port=4 actions=write_metadata:0x700000000/0xffff01ffffff,goto_table:PORT_SECURITY cookie=CLASSIFY:ext-a
                priority=200 in_port=5 actions=write_metadata:0x700000065/0xffff01ffffff,goto_table:PORT_SECURITY cookie=CLASSIFY:corp-a
                priority=200 in_port=6 actions=write_metadata:0x700000000/0xffff01ffffff,goto_table:PORT_SECURITY cookie=CLASSIFY:ext-gw
                """));
    }

    @Test
    void vmPortsAreCheckedAndRouterPortsAreTrusted() {
        assertThat(dump(Lab.HV1).get("PORT_SECURITY")).containsExactly(lines("""
                priority=0 * actions=drop cookie=PIPELINE:PORT_SECURITY
                priority=200 in_port=4,eth_src=fa:16:3e:00:0e:0a,eth_type=0x800,ip_proto=0x11,ipv4_src=0.0.0.0,udp_src=68,udp_dst=67 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:ext-a
                priority=200 in_port=4,eth_src=fa:16:3e:00:0e:0a,eth_type=0x800,ipv4_src=203.0.113.11 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:ext-a
                priority=200 in_port=4,eth_src=fa:16:3e:00:0e:0a,eth_type=0x806,arp_spa=203.0.113.11,arp_sha=fa:16:3e:00:0e:0a actions=meter:8,goto_table:ARP_DHCP cookie=PORT_SECURITY:ext-a
                priority=200 in_port=5,eth_src=fa:16:3e:00:0c:0a,eth_type=0x800,ip_proto=0x11,ipv4_src=0.0.0.0,udp_src=68,udp_dst=67 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:corp-a
                priority=200 in_port=5,eth_src=fa:16:3e:00:0c:0a,eth_type=0x800,ipv4_src=10.1.0.11 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:corp-a
                priority=200 in_port=5,eth_src=fa:16:3e:00:0c:0a,eth_type=0x806,arp_spa=10.1.0.11,arp_sha=fa:16:3e:00:0c:0a actions=meter:10,goto_table:ARP_DHCP cookie=PORT_SECURITY:corp-a
                priority=200 in_port=6 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:ext-gw
                """));
    }

    @Test
    void arpIsAnsweredForLocalPortsOnlyAndDhcpPuntedWhereTheSubnetHasIt() {
        assertThat(dump(Lab.HV1).get("ARP_DHCP")).containsExactly(lines("""
                priority=0 * actions=goto_table:L3_VRF cookie=PIPELINE:ARP_DHCP
                priority=200 in_port=5,eth_type=0x800,ip_proto=0x11,udp_src=68,udp_dst=67 actions=meter:11,controller:65535 cookie=DHCP_PUNT:corp-a
                priority=200 metadata=0x700000000/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=203.0.113.11 actions=move:eth_src->eth_dst,set_field:fa:16:3e:00:0e:0a->eth_src,set_field:2->arp_op,move:arp_sha->arp_tha,move:arp_spa->arp_tpa,set_field:fa:16:3e:00:0e:0a->arp_sha,set_field:203.0.113.11->arp_spa,in_port cookie=ARP_RESPONDER:ext-a
                priority=200 metadata=0x700000000/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=203.0.113.2 actions=move:eth_src->eth_dst,set_field:fa:16:3e:00:0e:0b->eth_src,set_field:2->arp_op,move:arp_sha->arp_tha,move:arp_spa->arp_tpa,set_field:fa:16:3e:00:0e:0b->arp_sha,set_field:203.0.113.2->arp_spa,in_port cookie=ARP_RESPONDER:ext-gw
                priority=200 metadata=0x700000065/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.1.0.11 actions=move:eth_src->eth_dst,set_field:fa:16:3e:00:0c:0a->eth_src,set_field:2->arp_op,move:arp_sha->arp_tha,move:arp_spa->arp_tpa,set_field:fa:16:3e:00:0c:0a->arp_sha,set_field:10.1.0.11->arp_spa,in_port cookie=ARP_RESPONDER:corp-a
                priority=300 in_port=4,metadata=0x700000000/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=203.0.113.11 actions=goto_table:L3_VRF cookie=ARP_RESPONDER:ext-a
                priority=300 in_port=5,metadata=0x700000065/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.1.0.11 actions=goto_table:L3_VRF cookie=ARP_RESPONDER:corp-a
                priority=300 in_port=6,metadata=0x700000000/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=203.0.113.2 actions=goto_table:L3_VRF cookie=ARP_RESPONDER:ext-gw
                """));
    }

    @Test
    void localMacsGoToTheirPortsAndTheRestFloodsLocallyAndIntoThePhysicalNetwork() {
        assertThat(dump(Lab.HV1).get("L2_FORWARD")).containsExactly(lines("""
                priority=0 * actions=drop cookie=PIPELINE:L2_FORWARD
                priority=100 metadata=0x700000000/0xffff01ffffff actions=group:0x10007000 cookie=L2_FLOOD:ext
                priority=100 metadata=0x700000065/0xffff01ffffff actions=group:0x10007065 cookie=L2_FLOOD:corp
                priority=100 metadata=0x701000000/0xffff01ffffff actions=group:0x20007000 cookie=L2_FLOOD:ext
                priority=100 metadata=0x701000065/0xffff01ffffff actions=group:0x20007065 cookie=L2_FLOOD:corp
                priority=200 metadata=0x700000000/0xffff00ffffff,eth_dst=fa:16:3e:00:0e:0a actions=output:4 cookie=L2_UNICAST:ext-a
                priority=200 metadata=0x700000000/0xffff00ffffff,eth_dst=fa:16:3e:00:0e:0b actions=output:6 cookie=L2_UNICAST:ext-gw
                priority=200 metadata=0x700000065/0xffff00ffffff,eth_dst=fa:16:3e:00:0c:0a actions=output:5 cookie=L2_UNICAST:corp-a
                """));
        assertThat(hv1().groups().values().stream().map(FlowDump::group).sorted()).containsExactly(lines("""
                group_id=0x10007000,type=all,bucket=output:4,bucket=output:6,bucket=output:7
                group_id=0x10007065,type=all,bucket=output:5,bucket=push_vlan:0x8100,set_field:0x1065->vlan_vid,output:7
                group_id=0x20007000,type=all,bucket=output:4,bucket=output:6
                group_id=0x20007065,type=all,bucket=output:5
                """));
    }

    @Test
    void anotherHostUsesItsOwnPatchPortAndAHostWithoutTheMappingServesNothing() {
        assertThat(dump(Lab.HV2).get("CLASSIFY")).contains(
                "priority=100 in_port=9,vlan_vid=0x1065 actions=pop_vlan,write_metadata:0x901000065/0xffff01ffffff,"
                        + "goto_table:L2_FORWARD cookie=PROVIDER_CLASSIFY:corp");
        SwitchState hv3 = DesiredStateCompiler.standard().compile(snapshot, DatapathId.of(3));
        assertThat(hv3.flows().values()).allMatch(f -> f.priority() == 0);
        assertThat(hv3.groups()).isEmpty();
    }

    private SwitchState hv1() {
        return DesiredStateCompiler.standard().compile(snapshot, Lab.HV1);
    }

    private Map<String, List<String>> dump(DatapathId dpid) {
        SwitchState state = DesiredStateCompiler.standard().compile(snapshot, dpid);
        return new FlowDump(snapshot).byTable(new ArrayList<>(state.flows().values()));
    }

    private static String[] lines(String block) {
        return block.lines().toArray(String[]::new);
    }

    private static AgentInfo host(String name, int n, Map<String, Integer> providerPorts) {
        return new AgentInfo(name, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, null,
                Map.of("physnet1", "br-ex"), String.format("%016x", n), Map.of(), providerPorts, false);
    }

    private static PortReport plugged(Port port, String host, int ofport) {
        return new PortReport(port.id(), host, ofport, port.macAddress(), true);
    }

    private static Port port(int n, String name, Subnet subnet, String mac, String ip, String owner) {
        return new Port(Lab.id(n), "admin", subnet.networkId(), name, mac, List.of(new FixedIp(subnet.id(), ip)),
                "dev-" + name, owner, true, true, List.of(), new PortBinding("", Map.of()), null, 1);
    }
}
