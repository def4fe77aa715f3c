package io.sluice.controller.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.TenantModel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which routers the failover moves, and where: a pure function of the bindings and the L3 agents' liveness. */
class RouterFailoverTest {
    private static final String R1 = "00000000-0000-4000-8000-000000000001";
    private static final String R2 = "00000000-0000-4000-8000-000000000002";
    private static final String R3 = "00000000-0000-4000-8000-000000000003";
    private static final String R4 = "00000000-0000-4000-8000-000000000004";
    private static final Duration GRACE = Duration.ofSeconds(6);

    private static TenantModel model(Map<String, String> routerHosts, String... routers) {
        TenantModel routersOnly = TenantModel.of(1, List.of(), List.of(), List.of(), Arrays.stream(routers)
                .map(id -> new Router(id, "alpha", "r", "", true, null, List.of(), 1)).toList(), List.of(), List.of());
        return new TenantModel(1, Map.of(), Map.of(), Map.of(), routersOnly.routers(), Map.of(), Map.of(),
                routerHosts);
    }

    private static RouterFailover.L3Agents agents(Set<String> alive, Map<String, Duration> silence) {
        return new RouterFailover.L3Agents(alive, silence);
    }

    @Test
    void aDeadAgentsRoutersGoToTheLeastLoadedAliveAgentsCountingEachMove() {
        TenantModel model = model(Map.of(R1, "net1", R2, "net1", R3, "net1", R4, "net3"), R1, R2, R3, R4);
        RouterFailover.Decision decision = RouterFailover.decide(model, agents(Set.of("net2", "net3"),
                Map.of("net1", Duration.ofSeconds(7), "net2", Duration.ofMillis(100), "net3", Duration.ZERO)), GRACE);
        // net3 holds R4: R1 to the empty net2, R2 to net2 on the tie (by name), then R3 to net3.
        assertThat(decision.moves()).containsExactly(new RouterMove(R1, "net1", "net2"),
                new RouterMove(R2, "net1", "net2"), new RouterMove(R3, "net1", "net3"));
        assertThat(decision.stranded()).isEmpty();
    }

    @Test
    void nothingMovesBeforeTheGraceHasPassed() {
        TenantModel model = model(Map.of(R1, "net1"), R1);
        assertThat(RouterFailover.decide(model, agents(Set.of("net2"),
                Map.of("net1", GRACE.minusMillis(1), "net2", Duration.ZERO)), GRACE).moves()).isEmpty();
        assertThat(RouterFailover.decide(model, agents(Set.of("net2"),
                Map.of("net1", GRACE, "net2", Duration.ZERO)), GRACE).moves())
                .containsExactly(new RouterMove(R1, "net1", "net2"));
    }

    @Test
    void aRouterOfAnAliveAgentNeverMovesHoweverLongItsSilence() {
        TenantModel model = model(Map.of(R1, "net1", R2, "net1"), R1, R2);
        RouterFailover.Decision decision = RouterFailover.decide(model, agents(Set.of("net1", "net2"),
                Map.of("net1", Duration.ofMinutes(5), "net2", Duration.ZERO)), GRACE);
        assertThat(decision.moves()).isEmpty();
        assertThat(decision.stranded()).isEmpty();
    }

    @Test
    void aHostThatIsNoKnownL3AgentIsLeftAlone() {
        // E.g. bound by an older controller to a host whose agent was never seen by this one.
        TenantModel model = model(Map.of(R1, "elsewhere"), R1);
        assertThat(RouterFailover.decide(model, agents(Set.of("net2"), Map.of("net2", Duration.ZERO)), GRACE).moves())
                .isEmpty();
    }

    @Test
    void withNoAliveL3AgentTheRoutersStayAndAreReportedStranded() {
        TenantModel model = model(Map.of(R1, "net1", R2, "net2"), R1, R2);
        RouterFailover.Decision decision = RouterFailover.decide(model, agents(Set.of(),
                Map.of("net1", Duration.ofSeconds(30), "net2", Duration.ofSeconds(1))), GRACE);
        assertThat(decision.moves()).isEmpty();
        assertThat(decision.stranded()).isEqualTo(Map.of(R1, "net1"));
    }

    @Test
    void aBindingLeftByADeletedRouterIsNotMoved() {
        TenantModel model = model(Map.of(R1, "net1", R2, "net1"), R2);
        assertThat(RouterFailover.decide(model, agents(Set.of("net2"),
                Map.of("net1", Duration.ofSeconds(30), "net2", Duration.ZERO)), GRACE).moves())
                .containsExactly(new RouterMove(R2, "net1", "net2"));
    }
}
