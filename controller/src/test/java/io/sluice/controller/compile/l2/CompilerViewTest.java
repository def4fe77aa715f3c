package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The controller skips recompiling when a change leaves {@link Snapshot#compilerView()} equal (STYLE habit 5:
 * the shortcut must yield exactly what a full recompute yields). So every compiler must read nothing outside
 * the view: not a port's status or revision, not a port no agent reports.
 */
class CompilerViewTest {
    private static final List<DatapathId> SWITCHES = List.of(Lab.HV1, Lab.HV2, Lab.HV3);
    private final DesiredStateCompiler compiler = DesiredStateCompiler.standard();

    @Test
    void everySwitchCompilesFromTheViewAloneAsFromTheWholeSnapshot() {
        for (Snapshot snapshot : List.of(Lab.snapshot(), bookkeepingChanged(), unpluggedPortBound())) {
            for (DatapathId dpid : SWITCHES) {
                assertThat(compiler.compile(snapshot.compilerView(), dpid)).isEqualTo(compiler.compile(snapshot, dpid));
            }
        }
    }

    @Test
    void statusesRevisionsAndUnpluggedPortsLeaveTheViewAsItWas() {
        Snapshot lab = Lab.snapshot();
        assertThat(bookkeepingChanged().compilerView()).isEqualTo(lab.compilerView());
        assertThat(unpluggedPortBound().compilerView()).isEqualTo(lab.compilerView());
        for (DatapathId dpid : SWITCHES) {
            assertThat(compiler.compile(bookkeepingChanged(), dpid)).isEqualTo(compiler.compile(lab, dpid));
            assertThat(compiler.compile(unpluggedPortBound(), dpid)).isEqualTo(compiler.compile(lab, dpid));
        }
    }

    @Test
    void pluggingAPortChangesTheViewAndTheFlows() {
        Snapshot lab = Lab.snapshot();
        Snapshot plugged = Lab.plug(lab, Lab.RED_D, "hv2", 3);
        assertThat(plugged.compilerView()).isNotEqualTo(lab.compilerView());
        assertThat(compiler.compile(plugged, Lab.HV2)).isNotEqualTo(compiler.compile(lab, Lab.HV2));
    }

    @Test
    void changingAPluggedPortsAddressChangesTheView() {
        Snapshot lab = Lab.snapshot();
        Port moved = Lab.port(101, "red-a", Lab.RED, Lab.RED_SUBNET, "fa:16:3e:00:01:0a", "10.0.0.21", true,
                Lab.RED_A.allowedAddressPairs());
        assertThat(Lab.model(lab, moved).compilerView()).isNotEqualTo(lab.compilerView());
    }

    /** Every port ACTIVE with a new revision, and a newer model revision. */
    private static Snapshot bookkeepingChanged() {
        Snapshot snapshot = Lab.snapshot();
        for (Port port : snapshot.tenants().ports().values()) {
            snapshot = Lab.model(snapshot, revised(port.withStatus(PortStatus.ACTIVE), port.revision() + 7));
        }
        return snapshot;
    }

    /** red-d, which no agent reports, bound to hv1 as Nova does before os-vif plugs it. */
    private static Snapshot unpluggedPortBound() {
        Port p = Lab.RED_D;
        return Lab.model(Lab.snapshot(), new Port(p.id(), p.projectId(), p.networkId(), p.name(), p.macAddress(),
                p.fixedIps(), "vm-d", "compute:nova", p.adminStateUp(), p.portSecurityEnabled(),
                p.allowedAddressPairs(), new PortBinding("hv1", Map.of()), p.status(), p.revision() + 1));
    }

    private static Port revised(Port p, long revision) {
        return new Port(p.id(), p.projectId(), p.networkId(), p.name(), p.macAddress(), p.fixedIps(), p.deviceId(),
                p.deviceOwner(), p.adminStateUp(), p.portSecurityEnabled(), p.allowedAddressPairs(), p.binding(),
                p.status(), revision);
    }
}
