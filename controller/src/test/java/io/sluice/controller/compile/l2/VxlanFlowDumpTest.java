package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Table;
import io.sluice.controller.reconcile.SwitchState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.types.DatapathId;

/** The expected flow dump of {@link Lab}'s hv1, table by table, as an operator would read it. */
class VxlanFlowDumpTest {
    private final Snapshot snapshot = Lab.snapshot();
    private final SwitchState hv1 = DesiredStateCompiler.standard().compile(snapshot, Lab.HV1);
    private final Map<String, List<String>> dump =
            new FlowDump(snapshot).byTable(new ArrayList<>(hv1.flows().values()));

    @Test
    void classifyTagsVmPortsAndTheTunnelWithTheirNetwork() {
        assertThat(dump.get("CLASSIFY")).containsExactly(lines("""
                priority=0 * actions=drop cookie=PIPELINE:CLASSIFY
                priority=100 in_port=100,tun_id=0x64 actions=write_metadata:0x1000064/0xffff01ffffff,goto_table:L2_FORWARD cookie=CLASSIFY:red
                priority=100 in_port=100,tun_id=0xc8 actions=write_metadata:0x10000c8/0xffff01ffffff,goto_table:L2_FORWARD cookie=CLASSIFY:blue
                priority=200 in_port=1 actions=write_metadata:0x64/0xffff01ffffff,goto_table:PORT_SECURITY cookie=CLASSIFY:red-a
                priority=200 in_port=2 actions=write_metadata:0x64/0xffff01ffffff,goto_table:PORT_SECURITY cookie=CLASSIFY:red-b
                priority=200 in_port=3 actions=write_metadata:0xc8/0xffff01ffffff,goto_table:PORT_SECURITY cookie=CLASSIFY:blue-a
                """));
    }

    @Test
    void portSecurityAllowsOnlyEachPortsOwnAddressesAndDhcpFromNothing() {
        assertThat(dump.get("PORT_SECURITY")).containsExactly(lines("""
                priority=0 * actions=drop cookie=PIPELINE:PORT_SECURITY
                priority=200 in_port=1,eth_src=fa:16:3e:00:01:0a,eth_type=0x800,ip_proto=0x11,ipv4_src=0.0.0.0,udp_src=68,udp_dst=67 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:red-a
                priority=200 in_port=1,eth_src=fa:16:3e:00:01:0a,eth_type=0x800,ipv4_src=10.0.0.100 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:red-a
                priority=200 in_port=1,eth_src=fa:16:3e:00:01:0a,eth_type=0x800,ipv4_src=10.0.0.11 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:red-a
                priority=200 in_port=1,eth_src=fa:16:3e:00:01:0a,eth_type=0x806,arp_spa=10.0.0.100,arp_sha=fa:16:3e:00:01:0a actions=meter:2,goto_table:ARP_DHCP cookie=PORT_SECURITY:red-a
                priority=200 in_port=1,eth_src=fa:16:3e:00:01:0a,eth_type=0x806,arp_spa=10.0.0.11,arp_sha=fa:16:3e:00:01:0a actions=meter:2,goto_table:ARP_DHCP cookie=PORT_SECURITY:red-a
                priority=200 in_port=2,eth_src=fa:16:3e:00:01:0b,eth_type=0x800,ip_proto=0x11,ipv4_src=0.0.0.0,udp_src=68,udp_dst=67 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:red-b
                priority=200 in_port=2,eth_src=fa:16:3e:00:01:0b,eth_type=0x800,ipv4_src=10.0.0.12 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:red-b
                priority=200 in_port=2,eth_src=fa:16:3e:00:01:0b,eth_type=0x806,arp_spa=10.0.0.12,arp_sha=fa:16:3e:00:01:0b actions=meter:4,goto_table:ARP_DHCP cookie=PORT_SECURITY:red-b
                priority=200 in_port=3,eth_src=fa:16:3e:00:02:0a,eth_type=0x800,ip_proto=0x11,ipv4_src=0.0.0.0,udp_src=68,udp_dst=67 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:blue-a
                priority=200 in_port=3,eth_src=fa:16:3e:00:02:0a,eth_type=0x800,ipv4_src=10.0.0.11 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:blue-a
                priority=200 in_port=3,eth_src=fa:16:3e:00:02:0a,eth_type=0x806,arp_spa=10.0.0.11,arp_sha=fa:16:3e:00:02:0a actions=meter:6,goto_table:ARP_DHCP cookie=PORT_SECURITY:blue-a
                """));
    }

    @Test
    void arpDhcpAnswersKnownAddressesPerNetworkAndPuntsDhcpOfDhcpSubnets() {
        String reply = "actions=move:eth_src->eth_dst,set_field:%1$s->eth_src,set_field:2->arp_op,"
                + "move:arp_sha->arp_tha,move:arp_spa->arp_tpa,set_field:%1$s->arp_sha,set_field:%2$s->arp_spa,in_port";
        assertThat(dump.get("ARP_DHCP")).containsExactly(lines("""
                priority=0 * actions=goto_table:L3_VRF cookie=PIPELINE:ARP_DHCP
                priority=200 in_port=1,eth_type=0x800,ip_proto=0x11,udp_src=68,udp_dst=67 actions=meter:3,controller:65535 cookie=DHCP_PUNT:red-a
                priority=200 in_port=2,eth_type=0x800,ip_proto=0x11,udp_src=68,udp_dst=67 actions=meter:5,controller:65535 cookie=DHCP_PUNT:red-b
                priority=200 metadata=0x64/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.11 %s cookie=ARP_RESPONDER:red-a
                priority=200 metadata=0x64/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.12 %s cookie=ARP_RESPONDER:red-b
                priority=200 metadata=0x64/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.13 %s cookie=ARP_RESPONDER:red-c
                priority=200 metadata=0xc8/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.11 %s cookie=ARP_RESPONDER:blue-a
                priority=200 metadata=0xc8/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.12 %s cookie=ARP_RESPONDER:blue-b
                priority=300 in_port=1,metadata=0x64/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.11 actions=goto_table:L3_VRF cookie=ARP_RESPONDER:red-a
                priority=300 in_port=2,metadata=0x64/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.12 actions=goto_table:L3_VRF cookie=ARP_RESPONDER:red-b
                priority=300 in_port=3,metadata=0xc8/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.11 actions=goto_table:L3_VRF cookie=ARP_RESPONDER:blue-a
                """.formatted(reply.formatted("fa:16:3e:00:01:0a", "10.0.0.11"),
                reply.formatted("fa:16:3e:00:01:0b", "10.0.0.12"), reply.formatted("fa:16:3e:00:01:0c", "10.0.0.13"),
                reply.formatted("fa:16:3e:00:02:0a", "10.0.0.11"), reply.formatted("fa:16:3e:00:02:0b", "10.0.0.12"))));
    }

    @Test
    void l3VrfAndEgressHoldOnlyTheirTableMiss() {
        assertThat(dump.get("L3_VRF")).containsExactly("priority=0 * actions=goto_table:L2_FORWARD cookie=PIPELINE:L3_VRF");
        assertThat(dump.get("EGRESS")).containsExactly("priority=0 * actions=drop cookie=PIPELINE:EGRESS");
    }

    @Test
    void l2ForwardSendsKnownMacsToTheirPortOrHostAndFloodsTheRest() {
        assertThat(dump.get("L2_FORWARD")).containsExactly(lines("""
                priority=0 * actions=drop cookie=PIPELINE:L2_FORWARD
                priority=100 metadata=0x1000064/0xffff01ffffff actions=group:0x2000064 cookie=L2_FLOOD:red
                priority=100 metadata=0x10000c8/0xffff01ffffff actions=group:0x20000c8 cookie=L2_FLOOD:blue
                priority=100 metadata=0x64/0xffff01ffffff actions=group:0x1000064 cookie=L2_FLOOD:red
                priority=100 metadata=0xc8/0xffff01ffffff actions=group:0x10000c8 cookie=L2_FLOOD:blue
                priority=200 metadata=0x64/0xffff00ffffff,eth_dst=fa:16:3e:00:01:0a actions=output:1 cookie=L2_UNICAST:red-a
                priority=200 metadata=0x64/0xffff00ffffff,eth_dst=fa:16:3e:00:01:0b actions=output:2 cookie=L2_UNICAST:red-b
                priority=200 metadata=0x64/0xffff01ffffff,eth_dst=fa:16:3e:00:01:0c actions=set_field:0x64->tun_id,set_field:203.0.113.2->tun_dst,output:100 cookie=L2_UNICAST:red-c
                priority=200 metadata=0xc8/0xffff00ffffff,eth_dst=fa:16:3e:00:02:0a actions=output:3 cookie=L2_UNICAST:blue-a
                priority=200 metadata=0xc8/0xffff01ffffff,eth_dst=fa:16:3e:00:02:0b actions=set_field:0xc8->tun_id,set_field:203.0.113.2->tun_dst,output:100 cookie=L2_UNICAST:blue-b
                """));
    }

    @Test
    void floodGroupsPerNetworkOneWithPeersOneLocalOnly() {
        assertThat(hv1.groups().values().stream().map(FlowDump::group).sorted()).containsExactly(lines("""
                group_id=0x1000064,type=all,bucket=output:1,bucket=output:2,bucket=set_field:0x64->tun_id,set_field:203.0.113.2->tun_dst,output:100
                group_id=0x10000c8,type=all,bucket=output:3,bucket=set_field:0xc8->tun_id,set_field:203.0.113.2->tun_dst,output:100
                group_id=0x2000064,type=all,bucket=output:1,bucket=output:2
                group_id=0x20000c8,type=all,bucket=output:3
                """));
    }

    @Test
    void aSwitchWithoutPortsOnAnyNetworkGetsOnlyThePipelineSkeleton() {
        SwitchState hv3 = DesiredStateCompiler.standard().compile(snapshot, Lab.HV3);
        assertThat(hv3.flows()).hasSize(Table.values().length);
        assertThat(hv3.flows().values()).allMatch(f -> f.priority() == 0);
        assertThat(hv3.groups()).isEmpty();
    }

    @Test
    void everyGotoIsAllowedByThePipelineDeclaration() {
        for (DatapathId dpid : List.of(Lab.HV1, Lab.HV2)) {
            for (FlowSpec flow : DesiredStateCompiler.standard().compile(snapshot, dpid).flows().values()) {
                Table table = Table.byId(flow.tableId()).orElseThrow();
                flow.instructions().stream().filter(OFInstructionGotoTable.class::isInstance)
                        .map(i -> Table.byId(((OFInstructionGotoTable) i).getTableId().getValue()).orElseThrow())
                        .forEach(next -> assertThat(table.allowedGotos()).as(flow.toString()).contains(next));
            }
        }
    }

    private static String[] lines(String text) {
        return text.lines().toArray(String[]::new);
    }
}
