package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.sluice.dataplane.bridge.IntegrationBridge.Outcome;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import io.sluice.dataplane.testing.OvsTestBed;
import io.sluice.dataplane.testing.RequiresOvs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** IntegrationBridge with a real ovs-vswitchd (userspace datapath) in its own network namespace. */
@RequiresOvs(root = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VswitchdE2ETest {
    private static final String TARGET = "tcp:127.0.0.1:6653";
    private static final String FLOW = "priority=5 actions=drop";

    private final ObjectMapper mapper = new ObjectMapper();
    private EventLoopGroup group;
    private OvsTestBed bed;
    private OvsdbClient client;
    private IntegrationBridge bridge;

    @BeforeAll
    void start() throws Exception {
        group = new EpollEventLoopGroup(1);
        bed = OvsTestBed.startOvsdb();
        bed.startVswitchd();
        client = OvsdbClient.connect(group, bed.socket(), mapper).get(5, TimeUnit.SECONDS);
        bridge = new IntegrationBridge(client, BridgeSpec.integration("netdev", TARGET), group);
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (bed != null) {
            bed.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void readsBackTheDatapathIdThatVswitchdAssigns() throws Exception {
        bridge.ensure().get(5, TimeUnit.SECONDS);

        String datapathId = bridge.awaitDatapathId(Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);

        assertThat(datapathId).matches("[0-9a-f]{16}");
        assertThat(bed.vsctl("get", "Bridge", "br-int", "datapath_id")).isEqualTo("\"" + datapathId + "\"");
    }

    @Test
    void flowsSurviveEnsureAndAControllerRepair() throws Exception {
        bridge.ensure().get(5, TimeUnit.SECONDS);
        bridge.awaitDatapathId(Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        bed.ofctl("add-flow", "br-int", FLOW);

        assertThat(bridge.ensure().get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.UNCHANGED);
        bed.vsctl("set-controller", "br-int", "tcp:127.0.0.1:9999");
        assertThat(bridge.ensure().get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.REPAIRED);
        bed.sync();

        assertThat(bed.vsctl("get-controller", "br-int")).isEqualTo(TARGET);
        assertThat(bed.ofctl("dump-flows", "br-int")).contains(FLOW);

        // The control: passing through zero controllers does delete the flows, so the check above can fail.
        bed.vsctl("del-controller", "br-int");
        bed.sync();
        assertThat(bed.ofctl("dump-flows", "br-int")).doesNotContain(FLOW);
        assertThat(bridge.ensure().get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.REPAIRED);
    }
}
