package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.SnapshotChanges;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.IPv4Address;

class PlacementTest {
    private final Snapshot lab = Lab.snapshot();

    @Test
    void aNetworksPlacedPortsComeByIdAndUnpluggedOnesAreLeftOut() {
        Placement placement = Placement.of(lab);

        assertThat(placement.onNetwork(Lab.RED.id())).extracting(Placement.Placed::port)
                .containsExactly(Lab.RED_A.withoutBookkeeping(), Lab.RED_B.withoutBookkeeping(),
                        Lab.RED_C.withoutBookkeeping());
        assertThat(placement.onNetwork(Lab.BLUE.id())).extracting(p -> p.host().host()).containsExactly("hv1", "hv2");
        assertThat(placement.onNetwork(Lab.id(999))).isEmpty();
    }

    @Test
    void aHostsNetworksComeByNetworkId() {
        // On hv3 blue's port has the smaller id, yet red's network id comes before blue's.
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

    @Test
    void aNextPlacementPlacesAgainOnlyTheNetworksAChangeTouched() {
        Placement first = Placement.of(lab);
        SwitchView blueBefore = SwitchView.of(first, Lab.HV1, MplsEncapsulation.GRE);
        Snapshot plugged = Lab.plug(lab, Lab.RED_D, "hv3", 1);

        Placement next = Placement.next(first, plugged, SnapshotChanges.between(lab, plugged));

        assertSamePlacement(next, Placement.of(plugged), plugged);
        SwitchView hv1 = SwitchView.of(next, Lab.HV1, MplsEncapsulation.GRE);
        assertThat(segment(hv1, Lab.BLUE)).as("blue, untouched, is the very view of it hv1 had")
                .isSameAs(segment(blueBefore, Lab.BLUE));
        assertThat(segment(hv1, Lab.RED)).isNotEqualTo(segment(blueBefore, Lab.RED));
    }

    @Test
    void networksClaimingOneOpenFlowPortArePlacedAgainAllAtOnce() {
        // A blue port with a smaller id than red-a claims red-a's OpenFlow port on hv1: red-a is left out.
        Port blueFirst = Lab.port(100, "blue-0", Lab.BLUE, Lab.BLUE_SUBNET, "fa:16:3e:00:02:00", "10.0.0.10", true,
                List.of());
        Snapshot clash = Lab.plug(lab, blueFirst, "hv1", 1);

        Placement next = Placement.next(Placement.of(lab), clash, SnapshotChanges.between(lab, clash));

        assertSamePlacement(next, Placement.of(clash), clash);
        assertThat(next.onNetwork(Lab.RED.id())).extracting(p -> p.port().id()).doesNotContain(Lab.RED_A.id());
        Placement back = Placement.next(next, lab, SnapshotChanges.between(clash, lab));
        assertSamePlacement(back, Placement.of(lab), lab);
    }

    @Test
    void aHostsPeerAndEachRemotePortAreOneObjectInEveryViewOfThem() {
        Snapshot plugged = Lab.plug(lab, Lab.RED_D, "hv3", 1);
        Placement placement = Placement.of(plugged);
        SwitchView hv1 = SwitchView.of(placement, Lab.HV1, MplsEncapsulation.GRE);
        SwitchView hv2 = SwitchView.of(placement, Lab.HV2, MplsEncapsulation.GRE);

        assertThat(hv1).isEqualTo(SwitchView.of(plugged, Lab.HV1, MplsEncapsulation.GRE));
        assertThat(hv2).isEqualTo(SwitchView.of(plugged, Lab.HV2, MplsEncapsulation.GRE));
        assertThat(remote(hv1, Lab.RED, Lab.RED_D)).isSameAs(remote(hv2, Lab.RED, Lab.RED_D));
        assertThat(remote(hv1, Lab.RED, Lab.RED_C).peer()).as("hv2 is one peer on red and on blue")
                .isSameAs(remote(hv1, Lab.BLUE, Lab.BLUE_B).peer());
        assertThat(remote(hv2, Lab.RED, Lab.RED_A).peer()).isSameAs(remote(hv2, Lab.BLUE, Lab.BLUE_A).peer());
    }

    @Test
    void aPeerIsKeptAcrossSnapshotsWhileItsHostsFactsAreEqual() {
        Placement first = Placement.of(lab);
        SwitchView.Peer hv2 = remote(SwitchView.of(first, Lab.HV1, MplsEncapsulation.GRE), Lab.RED, Lab.RED_C).peer();
        Snapshot plugged = Lab.plug(lab, Lab.RED_D, "hv3", 1);
        // hv3 registers again with another tunnel IP: hosts changed, so every network is placed again.
        Snapshot moved = Lab.host(plugged, Lab.host("hv3", 33));

        Placement next = Placement.next(first, plugged, SnapshotChanges.between(lab, plugged));
        Placement afterMove = Placement.next(next, moved, SnapshotChanges.between(plugged, moved));

        assertSamePlacement(afterMove, Placement.of(moved), moved);
        for (Placement later : List.of(next, afterMove)) {
            SwitchView hv1 = SwitchView.of(later, Lab.HV1, MplsEncapsulation.GRE);
            assertThat(remote(hv1, Lab.RED, Lab.RED_C).peer()).isSameAs(hv2);
        }
        assertThat(remote(SwitchView.of(afterMove, Lab.HV1, MplsEncapsulation.GRE), Lab.RED, Lab.RED_D).peer())
                .isEqualTo(new SwitchView.Peer("hv3", IPv4Address.of("203.0.113.33")));
    }

    private static SwitchView.RemotePort remote(SwitchView view, Network network, Port port) {
        return segment(view, network).remote().stream().filter(r -> r.port().id().equals(port.id())).findFirst()
                .orElseThrow();
    }

    private static SwitchView.Segment segment(SwitchView view, Network network) {
        return view.segments().stream().filter(s -> s.network().id().equals(network.id())).findFirst().orElseThrow();
    }

    private static void assertSamePlacement(Placement derived, Placement fresh, Snapshot snapshot) {
        for (Network network : snapshot.tenants().networks().values()) {
            assertThat(derived.onNetwork(network.id())).isEqualTo(fresh.onNetwork(network.id()));
        }
        for (String host : List.of("hv1", "hv2", "hv3")) {
            assertThat(derived.networksOn(host)).as(host).isEqualTo(fresh.networksOn(host));
        }
        for (DatapathId dpid : List.of(Lab.HV1, Lab.HV2, Lab.HV3)) {
            assertThat(SwitchView.of(derived, dpid, MplsEncapsulation.GRE))
                    .isEqualTo(SwitchView.of(fresh, dpid, MplsEncapsulation.GRE));
        }
    }
}
