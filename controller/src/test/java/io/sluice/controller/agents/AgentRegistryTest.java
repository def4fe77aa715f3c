package io.sluice.controller.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentRegistryTest {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration DOWN = Duration.ofSeconds(6);

    /** Wall clock and monotonic clock, both moved by the test only. */
    private static final class FakeTime extends Clock {
        Instant wall = Instant.parse("2026-01-01T00:00:00Z");
        long nanos = 1_000_000_000L;

        void advance(Duration d) {
            wall = wall.plus(d);
            nanos += d.toNanos();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return wall;
        }
    }

    private final FakeTime time = new FakeTime();
    private final AgentRegistry registry = new AgentRegistry(INTERVAL, DOWN, time, () -> time.nanos);
    private final List<AgentInfo> announced = new ArrayList<>();

    AgentRegistryTest() {
        registry.addListener(announced::add);
    }

    private static AgentInfo info(String host, String dpid) {
        return new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "198.51.100.1",
                Map.of("physnet1", "br-ex"), dpid, java.util.Map.of(), Map.of(), false);
    }

    private boolean alive(String host) {
        return registry.isAlive(registry.agent(host).orElseThrow());
    }

    @Test
    void aliveRightAfterRegistering() {
        registry.register(info("hv1", "0000000000000001"));
        assertThat(alive("hv1")).isTrue();
        AgentRecord record = registry.agent("hv1").orElseThrow();
        assertThat(record.connected()).isTrue();
        assertThat(record.registeredAt()).isEqualTo(time.wall);
        assertThat(record.lastHeartbeat()).isEqualTo(time.wall);
    }

    @Test
    void deadOnceTheDownTimePassesWithoutHeartbeats() {
        registry.register(info("hv1", null));
        time.advance(DOWN.minusNanos(1));
        assertThat(alive("hv1")).isTrue();
        time.advance(Duration.ofNanos(1));
        assertThat(alive("hv1")).isFalse();
    }

    @Test
    void aliveAgainAfterAHeartbeat() {
        registry.register(info("hv1", null));
        time.advance(DOWN.plusSeconds(10));
        assertThat(alive("hv1")).isFalse();

        registry.heartbeat(new Heartbeat("hv1", 7));

        assertThat(alive("hv1")).isTrue();
        assertThat(registry.agent("hv1").orElseThrow().lastHeartbeat()).isEqualTo(time.wall);
    }

    @Test
    void listenersHearOfAnAgentThatRegistersOrComesBackToLife() {
        List<String> alive = new ArrayList<>();
        registry.addListener(new AgentRegistry.Listener() {
            @Override
            public void agentRegistered(AgentInfo info) {
            }

            @Override
            public void agentAlive(AgentInfo info) {
                alive.add(info.host());
            }
        });
        registry.register(info("hv1", null));
        registry.register(info("hv1", null));
        registry.heartbeat(new Heartbeat("hv1", 1));
        assertThat(alive).containsExactly("hv1", "hv1");

        time.advance(DOWN.plusSeconds(1));
        registry.heartbeat(new Heartbeat("hv1", 2));
        registry.heartbeat(new Heartbeat("hv1", 3));
        assertThat(alive).containsExactly("hv1", "hv1", "hv1");
    }

    @Test
    void heartbeatsKeepAnAgentAliveIndefinitely() {
        registry.register(info("hv1", null));
        for (int i = 0; i < 100; i++) {
            time.advance(INTERVAL);
            registry.heartbeat(new Heartbeat("hv1", i));
            assertThat(alive("hv1")).isTrue();
        }
    }

    @Test
    void livenessIgnoresWallClockJumps() {
        registry.register(info("hv1", null));
        time.wall = time.wall.plus(Duration.ofDays(1));
        assertThat(alive("hv1")).isTrue();
    }

    @Test
    void heartbeatFromAnUnregisteredHostIsIgnored() {
        registry.heartbeat(new Heartbeat("ghost", 1));
        assertThat(registry.agent("ghost")).isEmpty();
        assertThat(registry.agents()).isEmpty();
        assertThat(announced).isEmpty();
    }

    @Test
    void listenerHearsFirstRegistrationAndChangesOnly() {
        AgentInfo first = info("hv1", "0000000000000001");
        registry.register(first);
        assertThat(announced).containsExactly(first);

        registry.register(info("hv1", "0000000000000001"));
        assertThat(announced).as("identical re-registration").containsExactly(first);

        AgentInfo moved = info("hv1", "0000000000000002");
        registry.register(moved);
        assertThat(announced).containsExactly(first, moved);
        assertThat(registry.agent("hv1").orElseThrow().info()).isEqualTo(moved);
    }

    @Test
    void reRegistrationRevivesAndReconnects() {
        registry.register(info("hv1", null));
        registry.disconnected("hv1");
        time.advance(DOWN);
        assertThat(registry.agent("hv1").orElseThrow().connected()).isFalse();
        assertThat(alive("hv1")).isFalse();

        registry.register(info("hv1", null));

        assertThat(registry.agent("hv1").orElseThrow().connected()).isTrue();
        assertThat(alive("hv1")).isTrue();
    }

    @Test
    void disconnectKeepsTheRecordAndItsLastHeartbeat() {
        registry.register(info("hv1", null));
        Instant registered = time.wall;
        time.advance(Duration.ofSeconds(1));
        registry.disconnected("hv1");
        AgentRecord record = registry.agent("hv1").orElseThrow();
        assertThat(record.connected()).isFalse();
        assertThat(record.lastHeartbeat()).isEqualTo(registered);
        registry.disconnected("never-seen");
        assertThat(registry.agents()).hasSize(1);
    }

    @Test
    void constructorRejectsADownTimeNotAboveTheInterval() {
        assertThatThrownBy(() -> new AgentRegistry(INTERVAL, INTERVAL, time, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AgentRegistry(INTERVAL, INTERVAL.minusMillis(1), time, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AgentRegistry(INTERVAL, INTERVAL.plusMillis(1), time, () -> 0).heartbeatInterval())
                .isEqualTo(INTERVAL);
    }
}
