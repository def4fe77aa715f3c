package io.sluice.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.l3.RouterChanges;
import io.sluice.models.l3.RouterPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmulatedRoutersTest {
    private final Map<String, String> plugged = new LinkedHashMap<>();
    private final List<String> reports = new ArrayList<>();
    private final EmulatedRouters routers = new EmulatedRouters(plugged::put, plugged::remove,
            () -> reports.add("ports changed"));

    private static RouterPlan.Leg leg(String portId, String mac) {
        return new RouterPlan.Leg(portId, mac, List.of("10.0.0.1/24"), 1450);
    }

    private static RouterPlan plan(List<RouterPlan.Leg> interfaces, RouterPlan.Leg gateway,
                                   List<RouterPlan.FloatingNat> fips) {
        return new RouterPlan("r1", interfaces, gateway, null, true, List.of(), List.of(), fips, List.of());
    }

    @Test
    void aRoutersLegsArePluggedWithTheirPortIdsAndMacsAndReportedOnce() {
        RouterChanges changes = routers.apply(plan(List.of(leg("if-a", "fa:16:3e:00:00:01")),
                leg("gw", "fa:16:3e:00:00:02"), List.of()));

        assertThat(plugged).containsOnly(Map.entry("if-a", "fa:16:3e:00:00:01"), Map.entry("gw", "fa:16:3e:00:00:02"));
        assertThat(changes.createNamespace()).isTrue();
        assertThat(changes.plugs()).extracting(p -> p.portId()).containsExactlyInAnyOrder("if-a", "gw");
        assertThat(reports).hasSize(1);
        assertThat(routers.routerIds()).containsExactly("r1");
    }

    @Test
    void aPlanChangingNoLegPlugsNothingAndAGoneLegIsUnplugged() {
        routers.apply(plan(List.of(leg("if-a", "fa:16:3e:00:00:01"), leg("if-b", "fa:16:3e:00:00:03")), null,
                List.of()));
        reports.clear();

        RouterChanges natOnly = routers.apply(plan(List.of(leg("if-a", "fa:16:3e:00:00:01"),
                leg("if-b", "fa:16:3e:00:00:03")), null, List.of(new RouterPlan.FloatingNat("100.64.0.9", "10.0.0.5"))));
        assertThat(natOnly.isEmpty()).as("nothing to plug for a floating IP").isTrue();
        assertThat(reports).isEmpty();

        RouterChanges shrunk = routers.apply(plan(List.of(leg("if-a", "fa:16:3e:00:00:01")), null, List.of()));
        assertThat(plugged).containsOnlyKeys("if-a");
        assertThat(shrunk.unplugs()).hasSize(1);
        assertThat(reports).hasSize(1);
    }

    @Test
    void removingARouterUnplugsAllItsLegs() {
        routers.apply(plan(List.of(leg("if-a", "fa:16:3e:00:00:01")), leg("gw", "fa:16:3e:00:00:02"), List.of()));

        routers.remove("r1");

        assertThat(plugged).isEmpty();
        assertThat(routers.routerIds()).isEqualTo(Set.of());
    }
}
