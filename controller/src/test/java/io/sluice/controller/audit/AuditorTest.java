package io.sluice.controller.audit;

import static io.sluice.controller.pipeline.TestFlows.allGroup;
import static io.sluice.controller.pipeline.TestFlows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.reconcile.FlowDiff;
import io.sluice.controller.reconcile.SwitchState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

class AuditorTest {
    private static final DatapathId DPID = DatapathId.of(0x1234);

    @Test
    void aSwitchAtItsDesiredStateIsNoFinding() {
        SwitchState state = SwitchState.of(List.of(flow("10.0.0.1", 1)), List.of(allGroup(1, 1, 2)));

        assertThat(Auditor.switchDrift(DPID, Optional.of("hv1"), FlowDiff.between(state, state))).isEmpty();
    }

    @Test
    void aSwitchFindingCountsEveryFlowAndGroupOutOfPlace() {
        SwitchState actual = SwitchState.of(List.of(flow("10.0.0.1", 1), flow("10.0.0.2", 2), flow("10.0.0.9", 9)),
                List.of());
        SwitchState desired = SwitchState.of(List.of(flow("10.0.0.1", 1), flow("10.0.0.2", 7),
                flow("10.0.0.3", 3)), List.of(allGroup(1, 1, 2)));

        AuditFinding finding = Auditor.switchDrift(DPID, Optional.of("hv1"), FlowDiff.between(actual, desired))
                .orElseThrow();

        assertThat(finding.type()).isEqualTo(AuditFinding.Type.DRIFT);
        assertThat(finding.subject()).isEqualTo(DPID + " (hv1)");
        assertThat(finding.count()).as("one missing, one with other instructions, one extra, one group missing")
                .isEqualTo(4);
        assertThat(finding.detail()).isEqualTo("flows: 1 missing or different, 1 with other instructions, 1 extra; "
                + "groups: 1 missing, 0 different, 0 extra");
    }

    @Test
    void theReportAddsDriftAndLeaksApart() {
        AuditReport report = new AuditReport(List.of(AuditFinding.leak("allocations", "ip x", "gone"),
                new AuditFinding(AuditFinding.Type.DRIFT, "switch", "s", 3, "d"),
                AuditFinding.drift("routers", "router r", "not applied")));

        assertThat(report.drift()).isEqualTo(4);
        assertThat(report.leaks()).isEqualTo(1);
    }
}
