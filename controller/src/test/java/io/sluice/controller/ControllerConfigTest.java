package io.sluice.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.openflow.OpenFlowConfig;
import io.sluice.models.tenant.MplsEncapsulation;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControllerConfigTest {
    private static ControllerConfig withFailover(Optional<Duration> grace) {
        return new ControllerConfig(OpenFlowConfig.defaults(), new InetSocketAddress(6670), Duration.ofSeconds(2),
                Duration.ofSeconds(6), Optional.empty(), Duration.ofSeconds(60), 5000, Path.of("/tmp/unused"),
                MplsEncapsulation.GRE, grace, Duration.ofSeconds(60));
    }

    @Test
    void aFailoverGraceShorterThanTheAgentDownTimeIsRefused() {
        assertThatThrownBy(() -> withFailover(Optional.of(Duration.ofSeconds(5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("router failover grace PT5S is shorter than the agent down time PT6S: routers of alive "
                        + "agents would move");
        assertThat(withFailover(Optional.of(Duration.ofSeconds(6))).routerFailover()).contains(Duration.ofSeconds(6));
        assertThat(withFailover(Optional.empty()).routerFailover()).isEmpty();
    }
}
