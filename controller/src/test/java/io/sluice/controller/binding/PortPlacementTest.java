package io.sluice.controller.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.l2.Lab;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.TenantModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a port plugged on two hosts carries traffic, and where it is readied (a live migration). */
class PortPlacementTest {
    private static final PortReport ON_HV1 = Lab.plugged(Lab.RED_A, "hv1", 1);
    private static final PortReport ON_HV2 = Lab.plugged(Lab.RED_A, "hv2", 7);

    private static TenantModel bound(PortBinding binding) {
        Port port = Lab.RED_A.withBinding(binding);
        return TenantModel.of(1, List.of(Lab.RED), List.of(Lab.RED_SUBNET), List.of(port));
    }

    @Test
    void theActiveBindingsHostCarriesTrafficAndTheInactiveOnesHostIsReadied() {
        PortBinding migrating = new PortBinding("hv1", Map.of()).withInactive(List.of(new PortBinding("hv2", Map.of())));
        PortPlacement placement = PortPlacement.of(Map.of(Lab.RED_A.id(), List.of(ON_HV1, ON_HV2)), bound(migrating));
        assertThat(placement.active()).containsExactly(Map.entry(Lab.RED_A.id(), ON_HV1));
        assertThat(placement.standby()).containsExactly(Map.entry(Lab.RED_A.id(), ON_HV2));

        PortPlacement activated = PortPlacement.of(Map.of(Lab.RED_A.id(), List.of(ON_HV1, ON_HV2)),
                bound(migrating.activate("hv2")));
        assertThat(activated.active()).containsExactly(Map.entry(Lab.RED_A.id(), ON_HV2));
        assertThat(activated.standby()).as("the source now holds the inactive binding")
                .containsExactly(Map.entry(Lab.RED_A.id(), ON_HV1));
    }

    @Test
    void withoutAReportFromTheBindingsHostTheLatestReportCarriesTrafficAndNothingIsReadied() {
        PortPlacement placement = PortPlacement.of(Map.of(Lab.RED_A.id(), List.of(ON_HV2, ON_HV1)),
                bound(new PortBinding("hv3", Map.of())));
        assertThat(placement.active()).containsExactly(Map.entry(Lab.RED_A.id(), ON_HV1));
        assertThat(placement.standby()).isEmpty();
    }

    @Test
    void aHostWithoutAnInactiveBindingIsNotReadiedAndAnUnknownPortFollowsItsLatestReport() {
        PortPlacement placement = PortPlacement.of(Map.of(Lab.RED_A.id(), List.of(ON_HV1, ON_HV2),
                "unknown", List.of(Lab.plugged(Lab.RED_B, "hv1", 3))), bound(new PortBinding("hv1", Map.of())));
        assertThat(placement.active()).containsEntry(Lab.RED_A.id(), ON_HV1).containsKey("unknown");
        assertThat(placement.standby()).isEmpty();
    }

    @Test
    void onlyAPortOnTwoHostsMakesThePlacementReadTheModel() {
        Map<String, List<PortReport>> once = Map.of(Lab.RED_A.id(), List.of(ON_HV2), "unknown",
                List.of(Lab.plugged(Lab.RED_B, "hv1", 3)));
        assertThat(PortPlacement.of(once, TenantModel.EMPTY).readsModel()).isFalse();
        assertThat(PortPlacement.of(once, bound(new PortBinding("hv1", Map.of()))))
                .isEqualTo(PortPlacement.of(once, TenantModel.EMPTY));

        assertThat(PortPlacement.of(Map.of(Lab.RED_A.id(), List.of(ON_HV1, ON_HV2)), TenantModel.EMPTY).readsModel())
                .isTrue();
    }
}
