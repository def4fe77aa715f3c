package io.sluice.northbound.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.l2.Lab;
import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.reconcile.SwitchState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** On Lab's hv1 (red-a, red-b and blue-a plugged there; red-c and blue-b on hv2), compiled for real. */
class PortFlowsTest {
    private static final SwitchState HV1 = DesiredStateCompiler.standard().compile(Lab.snapshot(), Lab.HV1);

    @Test
    void aLocalPortHasItsClassificationSecurityAndDelivery() {
        List<Map<String, Object>> flows = PortFlows.of(Lab.RED_A.id(), HV1);

        assertThat(flows).extracting(f -> f.get("owner"))
                .contains("classify", "port_security", "l2_unicast", "arp_responder");
        String tag = Long.toHexString(FlowCookie.of(Owner.CLASSIFY, UUID.fromString(Lab.RED_A.id())).objectTag());
        assertThat(flows).allSatisfy(f -> assertThat((String) f.get("cookie")).endsWith(tag));
    }

    @Test
    void aPortOnAnotherHostHasOnlyTheFlowsThatReachIt() {
        List<Map<String, Object>> flows = PortFlows.of(Lab.RED_C.id(), HV1);

        assertThat(flows).extracting(f -> f.get("owner")).contains("l2_unicast")
                .doesNotContain("classify", "port_security");
    }

    @Test
    void flowsReadWithTableNamesInPipelineOrder() {
        List<Map<String, Object>> flows = PortFlows.of(Lab.RED_A.id(), HV1);

        assertThat(flows.get(0).get("table")).isEqualTo("CLASSIFY");
        assertThat(flows).allSatisfy(f -> assertThat(f.get("instructions").toString())
                .doesNotContain("Ver13", "OFAction", "tableId=0x"));
        assertThat(flows.get(0).get("instructions").toString()).contains("GotoTable(");
        assertThat(PortFlows.of(Lab.RED_D.id(), HV1)).as("a port plugged nowhere").isEmpty();
    }
}
