package io.sluice.models.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.ValidationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderSegmentsTest {
    private final ProviderSegments segments = new ProviderSegments(List.of(PhysicalNetwork.parse("physnet1"),
            PhysicalNetwork.parse("physnet2:10:11"), PhysicalNetwork.parse("physnet3:20:20")));

    @Test
    void physicalNetworksParseAsNetworkVlanRanges() {
        assertThat(PhysicalNetwork.parse("physnet1")).isEqualTo(new PhysicalNetwork("physnet1", Optional.empty()));
        assertThat(PhysicalNetwork.parse("physnet2:10:11").tenantVlans())
                .contains(new PhysicalNetwork.VlanRange(10, 11));
        assertThatThrownBy(() -> PhysicalNetwork.parse("physnet1:10")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> PhysicalNetwork.parse("physnet1:0:10")).hasMessageContaining("1:4094");
        assertThatThrownBy(() -> PhysicalNetwork.parse("physnet1:a:b")).hasMessageContaining("numbers");
        assertThatThrownBy(() -> PhysicalNetwork.parse("phys net")).isInstanceOf(ValidationException.class);
    }

    @Test
    void aPhysicalNetworkTakesOneFlatNetwork() {
        assertThat(segments.flat("physnet1", null, List.of()))
                .isEqualTo(new ProviderSegments.Segment(NetworkType.FLAT, "physnet1", null));
        assertThatThrownBy(() -> segments.flat("physnet1", null, List.of(flat("physnet1"))))
                .isInstanceOf(FlatNetworkInUse.class);
        assertThat(segments.flat("physnet2", null, List.of(flat("physnet1"))).physicalNetwork()).isEqualTo("physnet2");
        assertThatThrownBy(() -> segments.flat("physnet9", null, List.of())).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("unknown for flat");
        assertThatThrownBy(() -> segments.flat(null, null, List.of())).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> segments.flat("physnet1", 3, List.of())).isInstanceOf(InvalidInput.class);
    }

    @Test
    void vlanIdsAreAllocatedLowestFirstFromTheRangesInOrder() {
        assertThat(segments.vlan(null, null, List.of()).segmentationId()).isEqualTo(10);
        assertThat(segments.vlan(null, null, List.of(vlan("physnet2", 10))).segmentationId()).isEqualTo(11);
        ProviderSegments.Segment next = segments.vlan(null, null, List.of(vlan("physnet2", 10), vlan("physnet2", 11)));
        assertThat(next).isEqualTo(new ProviderSegments.Segment(NetworkType.VLAN, "physnet3", 20));
        assertThatThrownBy(() -> segments.vlan("physnet3", null, List.of(vlan("physnet3", 20))))
                .isInstanceOf(NoNetworkAvailable.class);
        assertThatThrownBy(() -> segments.vlan("physnet1", null, List.of())).isInstanceOf(NoNetworkAvailable.class);
    }

    @Test
    void aRequestedVlanIdIsAnyFreeIdOfAKnownPhysicalNetwork() {
        assertThat(segments.vlan("physnet1", 4094, List.of(vlan("physnet2", 4094))).segmentationId()).isEqualTo(4094);
        assertThatThrownBy(() -> segments.vlan("physnet2", 4094, List.of(vlan("physnet2", 4094))))
                .isInstanceOf(VlanIdInUse.class).hasMessageContaining("VLAN 4094 on physical network physnet2");
        assertThatThrownBy(() -> segments.vlan("physnet1", 4095, List.of())).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> segments.vlan(null, 5, List.of())).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> segments.vlan("physnet9", 5, List.of())).hasMessageContaining("unknown for VLAN");
    }

    private static Network flat(String physnet) {
        return new Network("00000000-0000-4000-8000-000000000001", "p", "f", true, false, true, NetworkType.FLAT, null,
                physnet, 1500, 1);
    }

    private static Network vlan(String physnet, int id) {
        return new Network("00000000-0000-4000-8000-000000000002", "p", "v", true, false, false, NetworkType.VLAN, id,
                physnet, 1500, 1);
    }
}
