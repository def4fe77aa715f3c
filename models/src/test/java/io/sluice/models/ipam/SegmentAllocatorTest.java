package io.sluice.models.ipam;

import static io.sluice.models.ipam.FaultAssertions.assertFault;
import static io.sluice.models.tenant.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentAllocatorTest {
    private final SegmentAllocator whole = new SegmentAllocator(SegmentRange.VXLAN);
    private final SegmentAllocator operator = new SegmentAllocator(new SegmentRange(1000, 1999));

    @Test
    void handsOutTheLowestFreeVni() {
        assertThat(whole.allocate(Set.of())).isEqualTo(1);
        assertThat(whole.allocate(Set.of(1, 2, 3))).isEqualTo(4);
        assertThat(whole.allocate(Set.of(1, 3))).isEqualTo(2);
    }

    @Test
    void staysInsideTheOperatorsRange() {
        assertThat(operator.allocate(Set.of(5, 999))).isEqualTo(1000);
        assertThat(operator.allocate(Set.of(1000, 1001))).isEqualTo(1002);
    }

    @Test
    void failsAsNeutronWhenTheRangeIsExhausted() {
        SegmentAllocator small = new SegmentAllocator(new SegmentRange(5, 7));
        assertThat(small.allocate(Set.of(5, 6))).isEqualTo(7);
        assertFault("NoNetworkAvailable", 503, () -> small.allocate(Set.of(5, 6, 7)))
                .hasMessage("Unable to create the network. No tenant network is available for allocation.");
    }

    @Test
    void reservesARequestedVniEvenOutsideTheTenantRange() {
        assertThat(operator.reserve(1500, Set.of(1000))).isEqualTo(1500);
        assertThat(operator.reserve(42, Set.of())).isEqualTo(42);
        assertThat(operator.reserve(16_777_215, Set.of())).isEqualTo(16_777_215);
    }

    @Test
    void refusesARequestedVniInUse() {
        assertFault("TunnelIdInUse", 409, () -> operator.reserve(1500, Set.of(1500)))
                .hasMessage("Unable to create the network. The tunnel ID 1500 is in use.");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 16_777_216})
    void refusesARequestThatIsNoVni(int vni) {
        assertRejected("provider:segmentation_id", () -> operator.reserve(vni, Set.of()));
    }

    @ParameterizedTest
    @CsvSource({"0, 10", "10, 9", "1, 16777216", "-5, -1"})
    void refusesARangeOutsideVxlan(int first, int last) {
        assertRejected("vni_ranges", () -> new SegmentRange(first, last));
    }

    @Test
    void rangeBoundsAreInclusive() {
        SegmentRange range = new SegmentRange(1000, 1999);
        assertThat(range.contains(1000)).isTrue();
        assertThat(range.contains(1999)).isTrue();
        assertThat(range.contains(2000)).isFalse();
        assertThat(range.contains(999)).isFalse();
    }
}
