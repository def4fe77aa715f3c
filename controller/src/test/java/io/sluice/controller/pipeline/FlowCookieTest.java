package io.sluice.controller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.projectfloodlight.openflow.types.U64;

class FlowCookieTest {
    private static final long MAX_TAG = (1L << 40) - 1;

    @Test
    void encodeParseRoundTripsForEveryOwner() {
        for (Owner owner : Owner.values()) {
            for (long tag : new long[] {0, 1, 0xABCDEF, MAX_TAG}) {
                FlowCookie cookie = new FlowCookie(owner, tag);
                assertThat(FlowCookie.parse(cookie.toU64())).contains(cookie);
            }
        }
    }

    @Test
    void layoutIsMagicOwnerTag() {
        U64 raw = new FlowCookie(Owner.OPERATOR, 0x12_3456_789AL).toU64();
        assertThat(raw.getValue()).isEqualTo(0x51CE_02_123456789AL);
    }

    @ParameterizedTest
    @ValueSource(longs = {0L, 1L, 0x1234_5678_9ABC_DEF0L, -1L, 0x51CDFF0000000001L, 0x51CF010000000001L})
    void foreignCookiesParseToEmpty(long raw) {
        assertThat(FlowCookie.parse(U64.of(raw))).isEmpty();
    }

    @Test
    void sluiceMagicWithUnknownOwnerParsesToEmpty() {
        assertThat(FlowCookie.parse(U64.of(0x51CE_FF_0000000001L))).isEmpty();
        assertThat(FlowCookie.parse(U64.of(0x51CE_00_0000000001L))).isEmpty();
    }

    @Test
    void tagIsBoundedTo40Bits() {
        assertThat(new FlowCookie(Owner.PIPELINE, MAX_TAG).objectTag()).isEqualTo(MAX_TAG);
        assertThatThrownBy(() -> new FlowCookie(Owner.PIPELINE, MAX_TAG + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40 bits");
        assertThatThrownBy(() -> new FlowCookie(Owner.PIPELINE, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivedTagsAreStableAndWithinBounds() {
        UUID id = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        assertThat(FlowCookie.of(Owner.OPERATOR, id)).isEqualTo(FlowCookie.of(Owner.OPERATOR, id));
        assertThat(FlowCookie.of(Owner.OPERATOR, id).objectTag()).isBetween(0L, MAX_TAG);
        assertThat(FlowCookie.of(Owner.PIPELINE, "CLASSIFY")).isEqualTo(FlowCookie.of(Owner.PIPELINE, "CLASSIFY"));
        assertThat(FlowCookie.of(Owner.PIPELINE, "CLASSIFY"))
                .isNotEqualTo(FlowCookie.of(Owner.PIPELINE, "EGRESS"));
        String longName = "x".repeat(10_000);
        assertThat(FlowCookie.of(Owner.PIPELINE, longName).objectTag()).isBetween(0L, MAX_TAG);
        assertThat(FlowCookie.of(Owner.PIPELINE).objectTag()).isZero();
    }
}
