package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.Port;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

class PlacementTest {
    private final Snapshot lab = Lab.snapshot();

    @Test
    void aNetworksPlacedPortsComeByIdAndUnpluggedOnesAreLeftOut() {
        Placement placement = Placement.of(lab);

        assertThat(placement.onNetwork(Lab.RED.id())).extracting(Placement.Placed::port)
                .containsExactly(Lab.RED_A, Lab.RED_B, Lab.RED_C);
        assertThat(placement.onNetwork(Lab.BLUE.id())).extracting(p -> p.host().host()).containsExactly("hv1", "hv2");
        assertThat(placement.onNetwork(Lab.id(999))).isEmpty();
    }

    @Test
    void aHostsNetworksComeInTheOrderOfEachNetworksFirstPlacedPort() {
        // On hv3 blue's port has the smaller id, yet red's first placed port (on hv1) comes before blue's.
        Port blueOnHv3 = Lab.port(203, "blue-c", Lab.BLUE, Lab.BLUE_SUBNET, "fa:16:3e:00:02:0c", "10.0.0.13", true,
                List.of());
        Port redOnHv3 = Lab.port(301, "red-e", Lab.RED, Lab.RED_SUBNET, "fa:16:3e:00:01:0e", "10.0.0.15", true,
                List.of());
        Placement placement = Placement.of(Lab.plug(Lab.plug(lab, blueOnHv3, "hv3", 1), redOnHv3, "hv3", 2));

        assertThat(placement.networksOn("hv3")).containsExactly(Lab.RED.id(), Lab.BLUE.id());
        assertThat(placement.networksOn("hv2")).containsExactly(Lab.RED.id(), Lab.BLUE.id());
        assertThat(placement.networksOn("hv9")).isEmpty();
        assertThat(Placement.of(lab).networksOn("hv3")).isEmpty();
    }

    @Test
    void aSwitchResolvesToTheHostTheSnapshotFindsForIt() {
        Placement placement = Placement.of(lab);

        for (DatapathId dpid : List.of(Lab.HV1, Lab.HV2, Lab.HV3, DatapathId.of(99))) {
            assertThat(placement.hostOf(dpid)).isEqualTo(lab.hostOf(dpid));
        }
        assertThat(placement.hostOf(Lab.HV2).orElseThrow().host()).isEqualTo("hv2");
    }

    @Test
    void aViewFromASharedPlacementIsTheViewFromTheSnapshot() {
        Placement placement = Placement.of(lab);

        for (DatapathId dpid : List.of(Lab.HV1, Lab.HV2, Lab.HV3)) {
            assertThat(SwitchView.of(placement, dpid, MplsEncapsulation.GRE))
                    .isEqualTo(SwitchView.of(lab, dpid, MplsEncapsulation.GRE));
        }
    }
}
