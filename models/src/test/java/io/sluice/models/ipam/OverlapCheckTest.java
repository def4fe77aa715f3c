package io.sluice.models.ipam;

import static io.sluice.models.ipam.FaultAssertions.assertFault;
import static io.sluice.models.tenant.TenantFixtures.NETWORK;
import static io.sluice.models.tenant.TenantFixtures.OTHER_NETWORK;
import static io.sluice.models.tenant.TenantFixtures.OTHER_SUBNET;
import static io.sluice.models.tenant.TenantFixtures.SUBNET;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlapCheckTest {
    private static Subnet subnet(String id, String networkId, String cidr) {
        return TenantFixtures.subnet(id, networkId, cidr, null, List.of());
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/24, 10.0.0.128/25", "10.0.0.0/16, 10.0.5.0/24", "10.0.5.0/24, 10.0.0.0/16",
            "10.0.0.0/24, 10.0.0.0/24"})
    void refusesOverlapWithinOneNetwork(String candidate, String existing) {
        Subnet other = subnet(OTHER_SUBNET, NETWORK, existing);
        assertFault("InvalidInput", 400, () -> OverlapCheck.requireNoOverlap(subnet(SUBNET, NETWORK, candidate),
                List.of(other))).hasMessage("Invalid input for operation: Requested subnet with cidr: " + candidate
                + " for network: " + NETWORK + " overlaps with another subnet.");
    }

    @Test
    void allowsAdjacentSubnetsOnOneNetwork() {
        assertThatCode(() -> OverlapCheck.requireNoOverlap(subnet(SUBNET, NETWORK, "10.0.0.0/25"),
                List.of(subnet(OTHER_SUBNET, NETWORK, "10.0.0.128/25")))).doesNotThrowAnyException();
    }

    @Test
    void allowsOverlapAcrossNetworks() {
        assertThatCode(() -> OverlapCheck.requireNoOverlap(subnet(SUBNET, NETWORK, "10.0.0.0/24"),
                List.of(subnet(OTHER_SUBNET, OTHER_NETWORK, "10.0.0.0/24")))).doesNotThrowAnyException();
    }

    @Test
    void skipsTheCandidatesOwnEarlierVersion() {
        assertThatCode(() -> OverlapCheck.requireNoOverlap(subnet(SUBNET, NETWORK, "10.0.0.0/24"),
                List.of(subnet(SUBNET, NETWORK, "10.0.0.0/24")))).doesNotThrowAnyException();
        assertThatCode(() -> OverlapCheck.requireNoOverlap(subnet(SUBNET, NETWORK, "10.0.0.0/24"), List.of()))
                .doesNotThrowAnyException();
    }
}
