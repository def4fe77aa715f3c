package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.testing.Await;
import io.sluice.dataplane.testing.OvsTestBed;
import io.sluice.dataplane.testing.RequiresOvs;
import io.sluice.models.agent.AgentInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent's MPLS-over-GRE port (OpenContrail's encapsulation) on real OVS: created beside the VXLAN port with
 * the options the MPLS flows rely on, reported by number, repaired and re-created like it, and taking the flows
 * of docs/pipeline.md's MPLS design, with OVS dropping the inner Ethernet header on the way out.
 */
@RequiresOvs(root = true, tools = "ovs-appctl")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MplsOverGrePortE2ETest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String PORT = "mplsogre-sluice";
    private static final String OPTIONS = "{packet_type=legacy_l3, remote_ip=flow}";

    private AgentOnOvs ovs;
    private OvsTestBed bed;
    private FakeController controller;
    private NodeAgent agent;

    @BeforeAll
    void start() throws Exception {
        ovs = AgentOnOvs.start("ma-mplsogre-", 500);
        bed = ovs.bed();
        controller = ovs.controller();
        agent = ovs.agent("198.51.100.23", Map.of(), "hv-mplsogre");
    }

    @AfterAll
    void stop() {
        if (ovs != null) {
            ovs.close();
        }
    }

    @Test
    @Order(1)
    void ensuresTheFlowBasedLegacyL3GrePortAndRegistersItsNumber() throws Exception {
        AgentInfo info = agent.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(info.tunnelPorts()).containsEntry(AgentInfo.MPLSOGRE_TUNNEL, 65001)
                .containsEntry(AgentInfo.VXLAN_TUNNEL, 65000).hasSize(2);
        assertThat(bed.vsctl("get", "Interface", PORT, "type")).isEqualTo("gre");
        assertThat(bed.vsctl("get", "Interface", PORT, "options")).isEqualTo(OPTIONS);
        assertThat(bed.vsctl("get", "Interface", PORT, "ofport")).isEqualTo("65001");
        assertThat(bed.vsctl("get", "Interface", PORT, "error")).isEqualTo("[]");
        assertThat(bed.vsctl("port-to-br", PORT)).isEqualTo("br-int");
        assertThat(controller.registrations()).containsExactly(info);
    }

    @Test
    @Order(2)
    void takesTheMplsFlowsAndSendsTheLabelledPacketWithoutItsEthernetHeader() throws Exception {
        bed.vsctl("add-port", "br-int", "vm", "--", "set", "Interface", "vm", "type=internal", "ofport_request=7");
        bed.sync();
        String send = "table=30,priority=132,ip,nw_dst=10.1.0.7 actions=dec_ttl,push_mpls:0x8847,"
                + "set_field:1234->mpls_label,set_field:198.51.100.24->tun_dst,output:65001";
        String receive = "table=0,priority=100,in_port=65001,mpls,mpls_label=77 actions=pop_mpls:0x0800,"
                + "set_field:00:00:5e:00:01:00->eth_src,set_field:fa:16:3e:00:00:07->eth_dst,output:7";
        bed.ofctl("add-flow", "br-int", send);
        bed.ofctl("add-flow", "br-int", receive);
        bed.ofctl("add-flow", "br-int", "table=0,priority=100,in_port=7,ip actions=goto_table:30");

        assertThat(bed.ofctl("dump-flows", "br-int")).contains("mpls_label=77 actions=pop_mpls:0x0800",
                "push_mpls:0x8847,set_field:1234->mpls_label,set_field:198.51.100.24->tun_dst,output:65001");
        // No underlay route in this bed, so the tunnel header is not built; what counts is that the Ethernet
        // header goes (legacy_l3) and the label goes on with the TTL decremented once.
        String trace = bed.appctl("ofproto/trace", "br-int", "in_port=7,ip,dl_src=fa:16:3e:00:00:07,"
                + "dl_dst=00:00:5e:00:01:00,nw_src=10.1.0.5,nw_dst=10.1.0.7,nw_ttl=64");
        assertThat(trace).contains("Datapath actions: pop_eth,push_mpls(label=1234,tc=0,ttl=63,bos=1,"
                + "eth_type=0x8847)");
    }

    @Test
    @Order(3)
    void repairsEditedOptionsInPlaceAndKeepsTheOperators() throws Exception {
        String uuid = bed.vsctl("get", "Interface", PORT, "_uuid");
        bed.vsctl("set", "Interface", PORT, "options:remote_ip=203.0.113.1", "options:packet_type=ptap",
                "options:tos=inherit");

        String repaired = OPTIONS.replace("}", ", tos=inherit}");
        Await.until(TIMEOUT, "options repaired",
                () -> bed.vsctlOrEmpty("get", "Interface", PORT, "options").equals(repaired));
        assertThat(bed.vsctl("get", "Interface", PORT, "_uuid")).isEqualTo(uuid);
    }

    @Test
    @Order(4)
    void recreatesADeletedPortOnItsNumber() throws Exception {
        bed.vsctl("del-port", "br-int", PORT);

        Await.until(TIMEOUT, "the port back on 65001", () -> bed.vsctlOrEmpty("get", "Interface", PORT, "ofport")
                .equals("65001"));
        assertThat(bed.vsctl("get", "Interface", PORT, "options")).isEqualTo(OPTIONS);
        // Same number, so nothing new to tell: the registration of test 1 still holds, never one without the port.
        assertThat(controller.registrations()).singleElement()
                .satisfies(info -> assertThat(info.tunnelPorts()).containsEntry(AgentInfo.MPLSOGRE_TUNNEL, 65001));
    }
}
