package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.bridge.TunnelPortSpec;
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
 * The whole agent against real OVS (ovsdb-server and ovs-vswitchd in a namespace) and a fake controller:
 * one agent lives through the steps in order, as on a host.
 */
@RequiresOvs(root = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentE2ETest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private AgentOnOvs ovs;
    private OvsTestBed bed;
    private FakeController controller;
    private NodeAgent agent;

    @BeforeAll
    void start() throws Exception {
        ovs = AgentOnOvs.start(OvsTestBed.PREFIX, 200);
        bed = ovs.bed();
        controller = ovs.controller();
        bed.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=hv-e2e");
        agent = ovs.agent("198.51.100.21", Map.of("physnet1", "br-ex"), null);
    }

    @AfterAll
    void stop() {
        if (ovs != null) {
            ovs.close();
        }
    }

    private boolean registeredCurrentDatapath() {
        try {
            AgentInfo last = lastRegistration();
            return last != null && last.datapathId().equals(datapathId());
        } catch (Exception notYet) {
            return false;
        }
    }

    private String datapathId() throws Exception {
        return bed.vsctl("get", "Bridge", "br-int", "datapath_id").replace("\"", "");
    }

    private boolean brIntIsRight() {
        try {
            return bed.vsctl("get", "Bridge", "br-int", "fail_mode").equals("secure")
                    && bed.vsctl("get-controller", "br-int").equals("tcp:127.0.0.1:6653");
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    private AgentInfo lastRegistration() {
        List<AgentInfo> registrations = controller.registrations();
        return registrations.isEmpty() ? null : registrations.get(registrations.size() - 1);
    }

    @Test
    @Order(1)
    void createsBrIntAndRegistersWithItsDatapathId() throws Exception {
        AgentInfo info = agent.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(brIntIsRight()).isTrue();
        assertThat(info).isEqualTo(new AgentInfo("hv-e2e", AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY,
                "198.51.100.21", Map.of("physnet1", "br-ex"), datapathId(),
                Map.of("vxlan", 65000, "mplsogre", 65001),
                Map.of("physnet1", TunnelPortSpec.FIRST_PATCH_OFPORT), false));
        Await.until(TIMEOUT, "registration and heartbeats", () -> controller.heartbeats().size() >= 2);
        assertThat(controller.registrations()).containsExactly(info);
        assertThat(agent.isRegistered()).isTrue();
        assertThat(agent.info()).contains(info);
    }

    @Test
    @Order(2)
    void recreatesADeletedBrIntAndRegistersItsNewDatapathId() throws Exception {
        String uuid = bed.vsctl("get", "Bridge", "br-int", "_uuid");

        bed.vsctl("del-br", "br-int");

        Await.until(TIMEOUT, "br-int re-created", this::brIntIsRight);
        assertThat(bed.vsctl("get", "Bridge", "br-int", "_uuid")).isNotEqualTo(uuid);
        Await.until(TIMEOUT, "registration of the new datapath id", this::registeredCurrentDatapath);
    }

    @Test
    @Order(3)
    void repairsAHandEdit() throws Exception {
        bed.vsctl("set", "Bridge", "br-int", "fail_mode=standalone");
        Await.until(TIMEOUT, "fail_mode repaired", this::brIntIsRight);
    }

    @Test
    @Order(4)
    void reconnectsAfterAnOvsdbServerRestartAndKeepsWatching() throws Exception {
        bed.restartOvsdbServer();

        // Most likely made while the agent is still reconnecting: the new connection must reconcile.
        bed.vsctl("set", "Bridge", "br-int", "fail_mode=standalone");
        Await.until(TIMEOUT, "fail_mode repaired after the restart", this::brIntIsRight);
        bed.vsctl("del-br", "br-int");
        Await.until(TIMEOUT, "br-int re-created after the restart", this::brIntIsRight);
    }

    @Test
    @Order(5)
    void reconnectsToARestartedController() throws Exception {
        int port = controller.port();
        int before = controller.registrations().size();
        controller.stop();
        controller.listen(port);

        Await.until(TIMEOUT, "registration on the new connection", () -> controller.registrations().size() > before);
        // The previous test re-created br-int: its new datapath id may reach the agent just after it reconnected,
        // and then it registers once more at once. What matters is that the new connection ends up with it.
        Await.until(TIMEOUT, "the current datapath id registered on the new connection",
                this::registeredCurrentDatapath);
        assertThat(lastRegistration().datapathId()).isEqualTo(datapathId());
    }
}
