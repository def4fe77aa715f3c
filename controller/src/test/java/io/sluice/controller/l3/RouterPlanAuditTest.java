package io.sluice.controller.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.audit.AuditFinding;
import io.sluice.models.l3.RouterPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterPlanAuditTest {
    private static final String R1 = "r1";
    private static final String R2 = "r2";

    private static RouterPlan plan(String router, boolean snat) {
        return new RouterPlan(router, List.of(), null, null, snat, List.of("10.0.0.0/24"), List.of(), List.of(),
                List.of());
    }

    @Test
    void hostsHoldingExactlyTheirPlansShowNoDrift() {
        Map<String, List<RouterPlan>> plans = Map.of("net1", List.of(plan(R1, true), plan(R2, false)));

        assertThat(RouterPlanAudit.compare(plans, Map.of("net1", List.of(plan(R2, false), plan(R1, true)))))
                .isEmpty();
    }

    @Test
    void aRouterMissingLeftBehindOrInAnotherFormIsDrift() {
        Map<String, List<RouterPlan>> plans = Map.of("net1", List.of(plan(R1, true)), "net2", List.of(plan(R2, true)));
        Map<String, List<RouterPlan>> applied = Map.of("net1", List.of(plan(R1, false), plan(R2, true)));

        List<AuditFinding> findings = RouterPlanAudit.compare(plans, applied);

        assertThat(findings).allSatisfy(f -> assertThat(f.type()).isEqualTo(AuditFinding.Type.DRIFT));
        assertThat(findings).extracting(AuditFinding::detail).containsExactlyInAnyOrder(
                "applied on net1 in another form than its plan",
                "still applied on net1, which should not hold it",
                "not applied on net2");
    }
}
