package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sluice.dataplane.ports.VmPort;
import io.sluice.dataplane.testing.Await;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentChannelClientTest {
    private static final long INTERVAL_MS = 150;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ObjectMapper mapper = new ObjectMapper();
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final AgentInfo info = new AgentInfo("hv1", AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY,
            "198.51.100.11", Map.of("physnet1", "br-ex"), "0000aabbccddeeff", java.util.Map.of(), Map.of(), false);
    private final FakeController controller = new FakeController(INTERVAL_MS);
    private volatile Map<String, VmPort> ports = Map.of();
    private AgentChannelClient client;

    private AgentChannelClient startClient(int port) {
        client = new AgentChannelClient(group, new InetSocketAddress("127.0.0.1", port), info, () -> ports, mapper);
        client.start();
        return client;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        controller.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void registersThenSendsHeartbeatsAtTheRepliedInterval() throws Exception {
        controller.listen(0);
        startClient(controller.port());

        Await.until(TIMEOUT, "five heartbeats", () -> controller.heartbeats().size() >= 5);
        assertThat(controller.received().get(0).method()).isEqualTo("register");
        assertThat(controller.registrations()).containsExactly(info);
        assertThat(client.isRegistered()).isTrue();

        List<FakeController.Received> beats = controller.heartbeats().subList(0, 5);
        assertThat(beats).extracting(beat -> controller.heartbeat(beat).sequence()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(beats).extracting(beat -> controller.heartbeat(beat).host()).containsOnly("hv1");
        long spanMs = (beats.get(4).nanoTime() - beats.get(0).nanoTime()) / 1_000_000;
        assertThat(spanMs).as("4 intervals of %d ms", INTERVAL_MS).isBetween(3 * INTERVAL_MS, 4 * INTERVAL_MS + 600);
    }

    @Test
    void answersEchoRequests() throws Exception {
        controller.listen(0);
        startClient(controller.port());
        Await.until(TIMEOUT, "registration", () -> client.isRegistered());

        assertThat(controller.echo(mapper.readTree("[\"ping\",7]")).get(2, TimeUnit.SECONDS))
                .isEqualTo(mapper.readTree("[\"ping\",7]"));
    }

    @Test
    void reconnectsAndRegistersAgainWhenTheControllerRestarts() throws Exception {
        controller.listen(0);
        int port = controller.port();
        startClient(port);
        Await.until(TIMEOUT, "two heartbeats", () -> controller.heartbeats().size() >= 2);

        controller.stop();
        Await.until(TIMEOUT, "the client to notice", () -> !client.isRegistered());
        long lastBefore = controller.heartbeat(controller.heartbeats().get(controller.heartbeats().size() - 1)).sequence();
        Thread.sleep(700); // a few failed attempts: the back-off is running
        controller.listen(port);

        Await.until(TIMEOUT, "a heartbeat on the new connection",
                () -> controller.heartbeats().stream().anyMatch(beat -> beat.connection() == 2));
        assertThat(controller.registrations()).containsExactly(info, info);
        FakeController.Received firstAfter = controller.heartbeats().stream()
                .filter(beat -> beat.connection() == 2).findFirst().orElseThrow();
        assertThat(controller.received().stream().filter(r -> r.connection() == 2).findFirst().orElseThrow().method())
                .isEqualTo("register");
        // The sequence runs on across connections: a reconnect is not a restart.
        assertThat(controller.heartbeat(firstAfter).sequence()).isGreaterThan(lastBefore);
    }

    @Test
    void waitsForAControllerThatIsNotUpYet() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        startClient(port);
        Thread.sleep(500);
        controller.listen(port);

        Await.until(TIMEOUT, "registration", () -> client.isRegistered());
        assertThat(controller.registrations()).containsExactly(info);
    }

    @Test
    void retriesARejectedRegistrationOnANewConnection() throws Exception {
        controller.rejectNextRegistrations(1);
        controller.listen(0);
        startClient(controller.port());

        Await.until(TIMEOUT, "a heartbeat", () -> !controller.heartbeats().isEmpty());
        assertThat(controller.registrations()).hasSize(2);
        assertThat(controller.heartbeats().get(0).connection()).isEqualTo(2);
    }

    @Test
    void updatedFactsAreRegisteredOnTheLiveConnection() throws Exception {
        controller.listen(0);
        startClient(controller.port());
        Await.until(TIMEOUT, "registration", () -> client.isRegistered());

        AgentInfo moved = new AgentInfo("hv1", AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY,
                "198.51.100.11", Map.of("physnet1", "br-ex"), "0000112233445566", java.util.Map.of(), Map.of(), false);
        client.updateInfo(moved);

        Await.until(TIMEOUT, "second registration", () -> controller.registrations().size() == 2);
        assertThat(controller.registrations()).containsExactly(info, moved);
        assertThat(controller.received()).extracting(FakeController.Received::connection).containsOnly(1);
    }

    @Test
    void closingStopsReconnecting() throws Exception {
        controller.listen(0);
        int port = controller.port();
        startClient(port).close();
        controller.stop();
        controller.listen(port);
        Thread.sleep(500);
        assertThat(controller.registrations()).hasSizeLessThanOrEqualTo(1);
        int before = controller.registrations().size();
        Thread.sleep(500);
        assertThat(controller.registrations()).hasSize(before);
    }

    private static Map<String, VmPort> plugged(VmPort... vmPorts) {
        return Arrays.stream(vmPorts).collect(Collectors.toMap(VmPort::portId, p -> p));
    }

    private static PortReport usable(String portId, int ofport, String mac) {
        return new PortReport(portId, "hv1", ofport, mac, true);
    }

    @Test
    void reportsEveryUsablePortAfterRegisteringThenOnlyChanges() throws Exception {
        ports = plugged(new VmPort("p1", 5, "fa:16:3e:00:00:01"), new VmPort("p2", -1, "fa:16:3e:00:00:02"));
        controller.listen(0);
        startClient(controller.port());
        Await.until(TIMEOUT, "the full list", () -> controller.portUpdates().size() == 1);
        assertThat(controller.received().get(1).method()).as("right behind the registration").isEqualTo("port_update");
        assertThat(controller.reports(controller.portUpdates().get(0)))
                .containsExactly(usable("p1", 5, "fa:16:3e:00:00:01"));

        ports = plugged(new VmPort("p1", 5, "fa:16:3e:00:00:01"), new VmPort("p2", 6, "fa:16:3e:00:00:02"));
        client.portsChanged();
        Await.until(TIMEOUT, "p2 usable", () -> controller.portUpdates().size() == 2);
        assertThat(controller.reports(controller.portUpdates().get(1)))
                .containsExactly(usable("p2", 6, "fa:16:3e:00:00:02"));

        ports = plugged(new VmPort("p2", 6, "fa:16:3e:00:00:02"));
        client.portsChanged();
        client.portsChanged(); // nothing new: nothing sent
        Await.until(TIMEOUT, "p1 gone", () -> controller.portUpdates().size() == 3);
        assertThat(controller.reports(controller.portUpdates().get(2)))
                .containsExactly(new PortReport("p1", "hv1", -1, "fa:16:3e:00:00:01", false));
        Thread.sleep(200);
        assertThat(controller.portUpdates()).hasSize(3);
        assertThat(controller.portsHeld()).containsOnlyKeys("p2");
    }

    @Test
    void sendsTheFullListAfterEveryRegistrationEvenWhenEmpty() throws Exception {
        controller.listen(0);
        int port = controller.port();
        startClient(port);
        Await.until(TIMEOUT, "an empty full list", () -> controller.portUpdates().size() == 1);
        assertThat(controller.reports(controller.portUpdates().get(0))).isEmpty();

        ports = plugged(new VmPort("p1", 5, "fa:16:3e:00:00:01"));
        AgentInfo moved = new AgentInfo("hv1", AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY,
                "198.51.100.11", Map.of("physnet1", "br-ex"), "0000112233445566", Map.of("vxlan", 65000), Map.of(), false);
        client.updateInfo(moved);
        Await.until(TIMEOUT, "the full list after registering again", () -> controller.portUpdates().size() == 2);
        assertThat(controller.reports(controller.portUpdates().get(1)))
                .containsExactly(usable("p1", 5, "fa:16:3e:00:00:01"));

        controller.stop();
        controller.listen(port);
        Await.until(TIMEOUT, "the full list on the new connection",
                () -> controller.portUpdates().stream().anyMatch(update -> update.connection() == 2));
        List<String> onNewConnection = controller.received().stream().filter(r -> r.connection() == 2)
                .map(FakeController.Received::method).filter(method -> !method.equals("heartbeat")).toList();
        assertThat(onNewConnection).containsExactly("register", "port_update");
        assertThat(controller.portsHeld()).containsOnlyKeys("p1");
    }
}
