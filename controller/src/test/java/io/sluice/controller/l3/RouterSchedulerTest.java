package io.sluice.controller.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.TenantModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterSchedulerTest {
    private static final String R1 = "00000000-0000-4000-8000-000000000001";
    private static final String R2 = "00000000-0000-4000-8000-000000000002";
    private static final String R3 = "00000000-0000-4000-8000-000000000003";
    private static final String R4 = "00000000-0000-4000-8000-000000000004";

    private static Router router(String id) {
        return new Router(id, "alpha", "r", "", true, null, List.of(), 1);
    }

    private static TenantModel model(Map<String, String> routerHosts, String... routers) {
        TenantModel routersOnly = TenantModel.of(1, List.of(), List.of(), List.of(),
                java.util.Arrays.stream(routers).map(RouterSchedulerTest::router).toList(), List.of(), List.of());
        return new TenantModel(1, Map.of(), Map.of(), Map.of(), routersOnly.routers(), Map.of(), Map.of(),
                routerHosts);
    }

    @Test
    void theLeastLoadedHostWinsAndTiesGoByName() {
        assertThat(RouterScheduler.choose(List.of("net2", "net1"), Map.of())).contains("net1");
        assertThat(RouterScheduler.choose(List.of("net1", "net2"), Map.of(R1, "net1"))).contains("net2");
        assertThat(RouterScheduler.choose(List.of("net1", "net2"), Map.of(R1, "net1", R2, "net2", R3, "net2")))
                .contains("net1");
    }

    @Test
    void routersOnHostsThatAreNotCandidatesDoNotCount() {
        // A dead agent's routers stay where they are but weigh on no alive host.
        assertThat(RouterScheduler.choose(List.of("net2"), Map.of(R1, "dead", R2, "dead"))).contains("net2");
    }

    @Test
    void noAliveL3AgentMeansNoChoice() {
        assertThat(RouterScheduler.choose(List.of(), Map.of())).isEmpty();
        assertThat(RouterScheduler.placeUnbound(model(Map.of(), R1, R2), List.of())).isEmpty();
    }

    @Test
    void unboundRoutersAreSpreadCountingEachPlacementAndBoundOnesStay() {
        TenantModel model = model(Map.of(R1, "net1"), R1, R2, R3, R4);
        Map<String, String> placed = RouterScheduler.placeUnbound(model, List.of("net1", "net2"));
        // R2 to the empty net2, then R3 to net1 (1 each, name), then R4 to net2.
        assertThat(placed).isEqualTo(Map.of(R2, "net2", R3, "net1", R4, "net2"));
        assertThat(RouterScheduler.placeUnbound(model, List.of("net1", "net2"))).isNotEmpty();
        assertThat(RouterScheduler.placeUnbound(model(Map.of(R1, "net1"), R1), List.of("net2"))).isEmpty();
    }
}
