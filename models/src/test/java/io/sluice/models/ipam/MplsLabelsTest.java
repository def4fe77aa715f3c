package io.sluice.models.ipam;

import static io.sluice.models.ipam.FaultAssertions.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MplsLabelsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Network MPLS = new Network("11111111-1111-4111-8111-111111111111", "alpha", "m", true,
            false, false, NetworkType.MPLS, 7, null, 1472, 0);
    private static final Network VXLAN = new Network("22222222-2222-4222-8222-222222222222", "alpha", "v", true,
            false, false, NetworkType.VXLAN, 1000, null, 1450, 0);
    private static final PortBinding ON_HV1 = new PortBinding("hv1", Map.of());
    private static final PortBinding ON_HV2 = new PortBinding("hv2", Map.of());

    private final MplsLabels labels = new MplsLabels(Duration.ofSeconds(60));

    @Test
    void theLowestLabelNeitherHeldNorQuarantinedIsTakenAndNeverAReservedOne() {
        assertThat(labels.allocate(Set.of(), Map.of(), T0)).isEqualTo(16);
        assertThat(labels.allocate(Set.of(16, 17, 19), Map.of(), T0)).isEqualTo(18);
        assertThat(labels.allocate(Set.of(16), Map.of(17, T0.minusSeconds(10)), T0)).isEqualTo(18);
    }

    @Test
    void aReleasedLabelSitsOutItsQuarantineToTheInstantAndIsFreeFromThen() {
        Map<Integer, Instant> released = Map.of(16, T0);
        assertThat(labels.allocate(Set.of(), released, T0)).isEqualTo(17);
        assertThat(labels.allocate(Set.of(), released, T0.plusSeconds(60).minusNanos(1))).isEqualTo(17);
        assertThat(labels.allocate(Set.of(), released, T0.plusSeconds(60))).isEqualTo(16);
        assertThat(labels.isQuarantined(null, T0)).isFalse();
    }

    @Test
    void withoutQuarantineAReleasedLabelIsFreeAtOnce() {
        assertThat(new MplsLabels(Duration.ZERO).allocate(Set.of(), Map.of(16, T0), T0)).isEqualTo(16);
        assertThatThrownBy(() -> new MplsLabels(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenEveryLabelIsHeldOrQuarantinedTheBindIsRefusedAs503() {
        Set<Integer> held = IntStream.rangeClosed(16, PortBinding.MAX_MPLS_LABEL - 1).boxed()
                .collect(Collectors.toSet());
        Map<Integer, Instant> released = Map.of(PortBinding.MAX_MPLS_LABEL, T0);
        assertFault("MplsLabelExhausted", 503, () -> labels.allocate(held, released, T0));
        assertThat(labels.allocate(held, released, T0.plusSeconds(60))).isEqualTo(PortBinding.MAX_MPLS_LABEL);
    }

    @Test
    void aPortOfAnMplsNetworkGetsALabelWhenItBindsKeepsItOnItsHostAndLosesItUnbound() {
        PortBinding bound = labels.bind(MPLS, PortBinding.UNBOUND, ON_HV1, Set.of(16), Map.of(), T0);
        assertThat(bound).isEqualTo(ON_HV1.withMplsLabel(17));
        PortBinding profileChanged = new PortBinding("hv1", Map.of("migrating_to", "hv2"));
        assertThat(labels.bind(MPLS, bound, profileChanged, Set.of(16, 17), Map.of(), T0).mplsLabel()).isEqualTo(17);
        assertThat(labels.bind(MPLS, bound, PortBinding.UNBOUND, Set.of(16, 17), Map.of(), T0))
                .isEqualTo(PortBinding.UNBOUND);
    }

    @Test
    void rebindingToAnotherHostTakesANewLabelSoPacketsInFlightToTheOldOneAreNotMisdelivered() {
        PortBinding bound = ON_HV1.withMplsLabel(16);
        assertThat(labels.bind(MPLS, bound, ON_HV2, Set.of(16), Map.of(), T0)).isEqualTo(ON_HV2.withMplsLabel(17));
    }

    @Test
    void portsOfOtherNetworksAndUnboundPortsHoldNoLabel() {
        assertThat(labels.bind(VXLAN, PortBinding.UNBOUND, ON_HV1, Set.of(), Map.of(), T0).mplsLabel()).isNull();
        assertThat(labels.bind(MPLS, PortBinding.UNBOUND, PortBinding.UNBOUND, Set.of(), Map.of(), T0).mplsLabel())
                .isNull();
    }

    @Test
    void aBindingChecksItsLabel() {
        assertThatThrownBy(() -> ON_HV1.withMplsLabel(15)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("16..1048575");
        assertThatThrownBy(() -> ON_HV1.withMplsLabel(1 << 20)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> PortBinding.UNBOUND.withMplsLabel(16)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("unbound");
        assertThat(ON_HV1.withMplsLabel(PortBinding.MAX_MPLS_LABEL).mplsLabel()).isEqualTo(1_048_575);
    }

    @Test
    void aDestinationReadiedOnAnMplsNetworkTakesALabelNeitherHeldNorTheBindingsOwn() {
        PortBinding source = ON_HV1.withMplsLabel(16);
        PortBinding readied = labels.ready(MPLS, source, "hv2", Map.of(), Set.of(17), Map.of(), T0);
        assertThat(readied.hostId()).isEqualTo("hv1");
        assertThat(readied.inactiveOn("hv2").orElseThrow().mplsLabel()).isEqualTo(18);
        assertThat(labels.ready(VXLAN, ON_HV1, "hv2", Map.of(), Set.of(), Map.of(), T0).inactiveOn("hv2")
                .orElseThrow().mplsLabel()).isNull();
    }
}
