package io.sluice.models.tenant;

import static io.sluice.models.tenant.TenantFixtures.NETWORK;
import static io.sluice.models.tenant.TenantFixtures.PROJECT;
import static io.sluice.models.tenant.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTest {
    private static Network network(NetworkType type, Integer segmentationId, String physicalNetwork, int mtu) {
        return new Network(NETWORK, PROJECT, "n", true, false, false, type, segmentationId, physicalNetwork, mtu, 1);
    }

    @Test
    void acceptsEachTypeWithItsSegmentation() {
        assertThat(network(NetworkType.VXLAN, 1001, null, 1450).segmentationId()).isEqualTo(1001);
        assertThat(network(NetworkType.VLAN, 100, "physnet1", 1500).physicalNetwork()).isEqualTo("physnet1");
        assertThat(network(NetworkType.FLAT, null, "physnet1", 1500).segmentationId()).isNull();
        assertThat(network(NetworkType.MPLS, 7, null, 1500).type()).isEqualTo(NetworkType.MPLS);
    }

    @Test
    void refusesABadIdOrOverlongNames() {
        assertRejected("id", () -> new Network("n1", PROJECT, "n", true, false, false, NetworkType.VXLAN, 1, null,
                1450, 1));
        assertRejected("project_id", () -> new Network(NETWORK, "p".repeat(256), "n", true, false, false,
                NetworkType.VXLAN, 1, null, 1450, 1));
        assertRejected("name", () -> new Network(NETWORK, PROJECT, "n".repeat(256), true, false, false,
                NetworkType.VXLAN, 1, null, 1450, 1));
    }

    @Test
    void refusesAMissingType() {
        assertRejected("provider:network_type", () -> network(null, null, null, 1500));
    }

    @Test
    void vniBounds() {
        assertThat(network(NetworkType.VXLAN, 1, null, 1450).segmentationId()).isEqualTo(1);
        assertThat(network(NetworkType.VXLAN, 16_777_215, null, 1450).segmentationId()).isEqualTo(16_777_215);
        assertRejected("provider:segmentation_id", () -> network(NetworkType.VXLAN, null, null, 1450));
        assertRejected("provider:segmentation_id", () -> network(NetworkType.VXLAN, 0, null, 1450));
        assertRejected("provider:segmentation_id", () -> network(NetworkType.VXLAN, 16_777_216, null, 1450))
                .hasMessageContaining("1..16777215");
    }

    @Test
    void vlanBounds() {
        assertThat(network(NetworkType.VLAN, 4094, "physnet1", 1500).segmentationId()).isEqualTo(4094);
        assertRejected("provider:segmentation_id", () -> network(NetworkType.VLAN, null, "physnet1", 1500));
        assertRejected("provider:segmentation_id", () -> network(NetworkType.VLAN, 0, "physnet1", 1500));
        assertRejected("provider:segmentation_id", () -> network(NetworkType.VLAN, 4095, "physnet1", 1500))
                .hasMessageContaining("1..4094");
    }

    @Test
    void flatHasNoSegmentationIdAndMplsAVrfNumber() {
        assertRejected("provider:segmentation_id", () -> network(NetworkType.FLAT, 5, "physnet1", 1500))
                .hasMessageContaining("flat networks have none");
        assertRejected("provider:segmentation_id", () -> network(NetworkType.MPLS, null, null, 1500))
                .hasMessageContaining("MPLS VRF number must be 1..16777215");
    }

    @Test
    void physicalNetworkOnlyForProviderNetworks() {
        assertRejected("provider:physical_network", () -> network(NetworkType.VXLAN, 5, "physnet1", 1450))
                .hasMessageContaining("overlay networks have none");
        assertRejected("provider:physical_network", () -> network(NetworkType.MPLS, 7, "physnet1", 1500));
        assertRejected("provider:physical_network", () -> network(NetworkType.FLAT, null, null, 1500))
                .hasMessageContaining("required for flat networks");
        assertRejected("provider:physical_network", () -> network(NetworkType.VLAN, 7, null, 1500))
                .hasMessageContaining("required for vlan networks");
    }

    @ParameterizedTest
    @ValueSource(ints = {67, 65536, 0, -1})
    void mtuOutOfRange(int mtu) {
        assertRejected("mtu", () -> network(NetworkType.VXLAN, 1, null, mtu)).hasMessageContaining("68..65535");
    }

    @Test
    void mtuBoundsAreInclusive() {
        assertThat(network(NetworkType.VXLAN, 1, null, 68).mtu()).isEqualTo(68);
        assertThat(network(NetworkType.VXLAN, 1, null, 65535).mtu()).isEqualTo(65535);
    }

    @Test
    void networkTypeWireNames() {
        assertThat(NetworkType.byWireName("vxlan")).contains(NetworkType.VXLAN);
        assertThat(NetworkType.byWireName("VXLAN")).isEmpty();
        assertThat(NetworkType.byWireName("gre")).isEmpty();
        assertThat(NetworkType.VLAN.isOverlay()).isFalse();
        assertThat(NetworkType.MPLS.isOverlay()).isTrue();
    }
}
