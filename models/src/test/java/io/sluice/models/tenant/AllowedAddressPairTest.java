package io.sluice.models.tenant;

import static io.sluice.models.tenant.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllowedAddressPairTest {
    @Test
    void acceptsAnAddressAHostRouteOrANetwork() {
        assertThat(new AllowedAddressPair("10.0.0.5", null).ipAddress()).isEqualTo("10.0.0.5");
        assertThat(new AllowedAddressPair("10.0.0.5/32", null).ipAddress()).isEqualTo("10.0.0.5/32");
        assertThat(new AllowedAddressPair("10.0.0.0/24", null).ipAddress()).isEqualTo("10.0.0.0/24");
    }

    @Test
    void macIsOptionalAndNormalised() {
        assertThat(new AllowedAddressPair("10.0.0.5", null).macAddress()).isNull();
        assertThat(new AllowedAddressPair("10.0.0.5", "FA:16:3E:AA:BB:CC").macAddress())
                .isEqualTo("fa:16:3e:aa:bb:cc");
    }

    @Test
    void refusesAMissingOrMalformedAddress() {
        assertRejected("allowed_address_pairs.ip_address", () -> new AllowedAddressPair(null, null))
                .hasMessageContaining("missing");
        assertRejected("allowed_address_pairs.ip_address", () -> new AllowedAddressPair("10.0.0", null))
                .hasMessageContaining("is not a valid IPv4 address");
        assertRejected("allowed_address_pairs.ip_address", () -> new AllowedAddressPair("10.0.0.0/33", null))
                .hasMessageContaining("is not a valid IPv4 CIDR");
    }

    @Test
    void refusesANetworkWithHostBits() {
        assertRejected("allowed_address_pairs.ip_address", () -> new AllowedAddressPair("10.0.0.5/24", null))
                .hasMessageContaining("did you mean 10.0.0.0/24?");
    }

    @Test
    void refusesABadOrMulticastMac() {
        assertRejected("allowed_address_pairs.mac_address", () -> new AllowedAddressPair("10.0.0.5", "fa:16:3e"));
        assertRejected("allowed_address_pairs.mac_address",
                () -> new AllowedAddressPair("10.0.0.5", "01:00:5e:00:00:12"));
    }
}
