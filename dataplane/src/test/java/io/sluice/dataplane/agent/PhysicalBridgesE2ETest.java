package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.testing.Await;
import io.sluice.dataplane.testing.OvsTestBed;
import io.sluice.dataplane.testing.RequiresOvs;
import io.sluice.models.agent.AgentInfo;
import java.time.Duration;
import java.util.List;
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
 * The agent's bridge mappings against real OVS and a fake controller: physnet1's br-ex does not exist and is
 * created; physnet2's br-vlan is the operator's (fail_mode secure, as some operators run it) and is left as it
 * is; both get patched to br-int, and the patch port numbers are reported. Its bed is named hc-dp-.
 */
@RequiresOvs(root = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhysicalBridgesE2ETest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private AgentOnOvs ovs;
    private OvsTestBed bed;
    private FakeController controller;
    private NodeAgent agent;

    @BeforeAll
    void start() throws Exception {
        ovs = AgentOnOvs.start("hc-dp-", 200);
        bed = ovs.bed();
        controller = ovs.controller();
        bed.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=hc-host");
        bed.vsctl("add-br", "br-vlan", "--", "set", "Bridge", "br-vlan", "datapath_type=netdev", "fail_mode=secure");
        agent = ovs.agent(null, Map.of("physnet1", "br-ex", "physnet2", "br-vlan"), null);
    }

    @AfterAll
    void stop() {
        if (ovs != null) {
            ovs.close();
        }
    }

    @Test
    @Order(1)
    void createsAMissingBridgeLeavesTheOperatorsAloneAndPatchesBoth() throws Exception {
        AgentInfo info = agent.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(info.providerPorts()).isEqualTo(Map.of("physnet1", 65100, "physnet2", 65101));
        assertThat(bed.vsctl("get", "Bridge", "br-ex", "fail_mode")).isEqualTo("standalone");
        assertThat(bed.vsctl("get", "Bridge", "br-ex", "datapath_type")).isEqualTo("netdev");
        assertThat(bed.vsctl("get-controller", "br-ex")).isEmpty();
        assertThat(bed.vsctl("get", "Bridge", "br-vlan", "fail_mode")).isEqualTo("secure");
        assertThat(bed.vsctl("list-ports", "br-int").lines()).containsExactlyInAnyOrder("int-br-ex", "int-br-vlan");
        assertThat(bed.vsctl("list-ports", "br-ex").lines()).containsExactly("phy-br-ex");
        assertThat(bed.vsctl("list-ports", "br-vlan").lines()).containsExactly("phy-br-vlan");
        for (String end : List.of("int-br-ex", "phy-br-ex", "int-br-vlan", "phy-br-vlan")) {
            String peer = end.startsWith("int-") ? end.replace("int-", "phy-") : end.replace("phy-", "int-");
            assertThat(bed.vsctl("get", "Interface", end, "type")).as(end).isEqualTo("patch");
            assertThat(bed.vsctl("get", "Interface", end, "options:peer")).as(end).isEqualTo(peer);
        }
        assertThat(controller.registrations()).containsExactly(info);
    }

    @Test
    @Order(2)
    void putsBackAPatchEndDeletedByHand() throws Exception {
        bed.vsctl("del-port", "br-ex", "phy-br-ex");
        Await.until(TIMEOUT, "phy-br-ex back on br-ex", () -> ports("br-ex").contains("phy-br-ex"));
        assertThat(bed.vsctl("get", "Interface", "phy-br-ex", "options:peer")).isEqualTo("int-br-ex");
    }

    @Test
    @Order(3)
    void recreatesADeletedPhysicalBridgeWithItsPatch() throws Exception {
        bed.vsctl("del-br", "br-ex");
        Await.until(TIMEOUT, "br-ex and its patch back", () -> ports("br-ex").contains("phy-br-ex"));
        assertThat(bed.vsctl("get", "Bridge", "br-ex", "fail_mode")).isEqualTo("standalone");
        assertThat(agent.info().orElseThrow().providerPorts()).containsEntry("physnet1", 65100);
    }

    private String ports(String bridge) {
        try {
            return bed.vsctl("list-ports", bridge);
        } catch (Exception | AssertionError e) {
            return "";
        }
    }
}
