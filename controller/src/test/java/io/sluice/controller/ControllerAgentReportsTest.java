package io.sluice.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sluice.controller.openflow.OpenFlowConfig;
import io.sluice.dataplane.agent.AgentChannelClient;
import io.sluice.dataplane.ports.VmPort;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import io.sluice.models.tenant.MplsEncapsulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agents report reaches the snapshot the compilers read: hosts, and the usable VM ports by id. */
class ControllerAgentReportsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String MAC = "fa:16:3e:00:00:01";

    /** Each test's controller keeps its store in a directory of its own under this one. */
    @TempDir
    static Path stateDirs;

    private final Controller controller = new Controller(new ControllerConfig(
            OpenFlowConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0)),
            new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(200), Duration.ofSeconds(1), Optional.empty(),
            Duration.ofSeconds(60), 5000, newStateDir(), MplsEncapsulation.GRE,
            Optional.empty(), Duration.ofSeconds(60)));

    private static Path newStateDir() {
        try {
            return Files.createTempDirectory(stateDirs, "controller");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private volatile Map<String, VmPort> plugged = Map.of();
    private AgentChannelClient agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        controller.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static AgentInfo info(String host, String dpid) {
        return new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "198.51.100.1", Map.of(),
                dpid, Map.of("vxlan", 65000), Map.of(), false);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(10);
        }
    }

    @Test
    void registrationsAndUsablePortsGoIntoTheSnapshot() throws Exception {
        controller.agents().register(info("hv1", "0000000000000001"));
        controller.agents().portUpdate("hv1", List.of(new PortReport("a", "hv1", 3, MAC, true),
                new PortReport("b", "hv1", -1, MAC, true)));

        await("the port in the snapshot", () -> controller.snapshot().ports().containsKey("a"));
        assertThat(controller.snapshot().hosts()).containsOnlyKeys("hv1");
        assertThat(controller.snapshot().ports()).containsOnlyKeys("a");

        controller.agents().portUpdate("hv1", List.of(new PortReport("a", "hv1", -1, MAC, false)));
        await("the unplug in the snapshot", () -> controller.snapshot().ports().isEmpty());
    }

    @Test
    void aPortOnTwoHostsIsTheLaterReport() throws Exception {
        controller.agents().register(info("src", "0000000000000001"));
        controller.agents().register(info("dst", "0000000000000002"));
        controller.agents().portUpdate("src", List.of(new PortReport("vm", "src", 3, MAC, true)));
        controller.agents().portUpdate("dst", List.of(new PortReport("vm", "dst", 8, MAC, true)));

        await("the destination's report", () -> Optional.ofNullable(controller.snapshot().ports().get("vm"))
                .map(PortReport::host).equals(Optional.of("dst")));
        assertThat(controller.snapshot().hosts()).containsOnlyKeys("src", "dst");
    }

    @Test
    void anAgentsReportsArriveOverTheChannelAndOutliveItsConnection() throws Exception {
        controller.start();
        plugged = Map.of("a", new VmPort("a", 3, MAC));
        agent = new AgentChannelClient(group, controller.agentAddress(), info("hv1", "0000000000000001"),
                () -> plugged, new ObjectMapper());
        agent.start();

        await("the full list in the snapshot", () -> controller.snapshot().ports().containsKey("a"));
        assertThat(controller.snapshot().hosts().get("hv1").tunnelPorts()).containsEntry("vxlan", 65000);

        plugged = Map.of("a", new VmPort("a", 3, MAC), "b", new VmPort("b", 4, MAC));
        agent.portsChanged();
        await("the plug in the snapshot", () -> controller.snapshot().ports().containsKey("b"));

        agent.close();
        await("the disconnection", () -> !controller.agents().agent("hv1").orElseThrow().connected());
        assertThat(controller.snapshot().ports()).containsOnlyKeys("a", "b");
    }
}
