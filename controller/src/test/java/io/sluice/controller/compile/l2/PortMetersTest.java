package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.reconcile.SwitchState;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.types.DatapathId;

/** A switch's meters are exactly those its flows send packets through: none missing, none left over. */
class PortMetersTest {
    private static Set<Long> named(SwitchState state) {
        return state.flows().values().stream().flatMap(flow -> flow.instructions().stream())
                .filter(i -> i instanceof OFInstructionMeter).map(i -> ((OFInstructionMeter) i).getMeterId())
                .collect(Collectors.toSet());
    }

    @Test
    void everyMeterAFlowNamesExistsAndNoOtherDoes() {
        for (DatapathId dpid : new DatapathId[] {Lab.HV1, Lab.HV2, Lab.HV3}) {
            SwitchState state = DesiredStateCompiler.standard().compileFresh(Lab.snapshot(), dpid);
            assertThat(state.meters().keySet()).as("meters of %s", dpid).isEqualTo(named(state));
        }
        SwitchState hv1 = DesiredStateCompiler.standard().compileFresh(Lab.snapshot(), Lab.HV1);
        assertThat(hv1.meters().keySet()).as("ARP of ports 1-3, DHCP of the red ones").containsExactlyInAnyOrder(
                2L, 4L, 6L, 3L, 5L);
    }

    @Test
    void idsComeFromTheOfportAloneAndNeverCollide() {
        assertThat(PortMeters.arp(0xfeff).meterId()).isEqualTo(0x1fdfeL).isLessThan(262_144L);
        assertThat(PortMeters.dhcp(0xfeff).meterId()).isEqualTo(0x1fdffL);
        assertThat(PortMeters.arp(7).meterId()).isNotEqualTo(PortMeters.dhcp(7).meterId())
                .isNotEqualTo(PortMeters.dhcp(6).meterId());
    }
}
