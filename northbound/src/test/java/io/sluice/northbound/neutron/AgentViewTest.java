package io.sluice.northbound.neutron;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.agents.AgentRegistry;
import io.sluice.models.agent.AgentInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AgentViewTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AgentRegistry registry = new AgentRegistry(Duration.ofSeconds(2), Duration.ofSeconds(6),
            Clock.systemUTC(), nanos::get);
    private final AgentView view = AgentView.of(registry);

    @Test
    void oneHostsAgentIsTheOneTheWholeListShowsForItAliveUntilItsDownTime() {
        for (int i = 0; i < 50; i++) {
            registry.register(info(String.format("hv%03d", i)));
        }

        assertThat(view.agent("hv017")).isPresent().get()
                .isEqualTo(view.agents().stream().filter(a -> a.info().host().equals("hv017")).findFirst().orElseThrow());
        assertThat(view.agent("hv017").orElseThrow().alive()).isTrue();
        assertThat(view.agent("nowhere")).isEmpty();

        nanos.addAndGet(Duration.ofSeconds(7).toNanos());
        assertThat(view.agent("hv017").orElseThrow().alive()).as("silent past the down time").isFalse();
    }

    private static AgentInfo info(String host) {
        return new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "198.51.100.1",
                Map.of("physnet1", "br-ex"), "00000000000000" + host.substring(2, 4), Map.of(), Map.of(), false);
    }
}
