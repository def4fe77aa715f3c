package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.bridge.IntegrationBridge.Outcome;
import io.sluice.dataplane.testing.ConnectedOvsdb;
import io.sluice.dataplane.testing.RequiresOvs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** IntegrationBridge with a real ovs-vswitchd (userspace datapath) in its own network namespace. */
@RequiresOvs(root = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VswitchdE2ETest {
    private static final String TARGET = "tcp:127.0.0.1:6653";
    private static final String FLOW = "priority=5 actions=drop";

    @AutoClose
    private ConnectedOvsdb ovsdb;
    private IntegrationBridge bridge;

    @BeforeAll
    void start() throws Exception {
        ovsdb = ConnectedOvsdb.startWithVswitchd();
        bridge = new IntegrationBridge(ovsdb.client(), BridgeSpec.integration("netdev", TARGET), ovsdb.group());
    }

    @Test
    void readsBackTheDatapathIdThatVswitchdAssigns() throws Exception {
        bridge.ensure().get(5, TimeUnit.SECONDS);

        String datapathId = bridge.awaitDatapathId(Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);

        assertThat(datapathId).matches("[0-9a-f]{16}");
        assertThat(ovsdb.bed().vsctl("get", "Bridge", "br-int", "datapath_id")).isEqualTo("\"" + datapathId + "\"");
    }

    @Test
    void flowsSurviveEnsureAndAControllerRepair() throws Exception {
        bridge.ensure().get(5, TimeUnit.SECONDS);
        bridge.awaitDatapathId(Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        ovsdb.bed().ofctl("add-flow", "br-int", FLOW);

        assertThat(bridge.ensure().get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.UNCHANGED);
        ovsdb.bed().vsctl("set-controller", "br-int", "tcp:127.0.0.1:9999");
        assertThat(bridge.ensure().get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.REPAIRED);
        ovsdb.bed().sync();

        assertThat(ovsdb.bed().vsctl("get-controller", "br-int")).isEqualTo(TARGET);
        assertThat(ovsdb.bed().ofctl("dump-flows", "br-int")).contains(FLOW);

        // The control: passing through zero controllers does delete the flows, so the check above can fail.
        ovsdb.bed().vsctl("del-controller", "br-int");
        ovsdb.bed().sync();
        assertThat(ovsdb.bed().ofctl("dump-flows", "br-int")).doesNotContain(FLOW);
        assertThat(bridge.ensure().get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.REPAIRED);
    }
}
