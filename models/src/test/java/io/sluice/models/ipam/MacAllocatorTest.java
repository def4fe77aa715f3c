package io.sluice.models.ipam;

import static io.sluice.models.ipam.FaultAssertions.assertFault;
import static io.sluice.models.tenant.TenantFixtures.NETWORK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.models.tenant.Check;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class MacAllocatorTest {
    /** Draws the given values, in order; nextBytes fills three octets from one nextLong, low byte first. */
    private static RandomGenerator scripted(Long... draws) {
        Deque<Long> remaining = new ArrayDeque<>(List.of(draws));
        return remaining::removeFirst;
    }

    @Test
    void usesNeutronsPrefixAndMakesAPortMac() {
        String mac = new MacAllocator(new Random(1), MacAllocator.DEFAULT_ATTEMPTS).allocate(NETWORK, Set.of());
        assertThat(mac).matches("fa:16:3e(:[0-9a-f]{2}){3}");
        assertThat(Check.mac("mac_address", mac)).isEqualTo(mac);
    }

    @Test
    void takesItsRandomnessOnlyFromTheInjectedSource() {
        assertThat(new MacAllocator(scripted(0x0c0b0aL), 1).allocate(NETWORK, Set.of()))
                .isEqualTo("fa:16:3e:0a:0b:0c");
        String first = new MacAllocator(new Random(42), 1).allocate(NETWORK, Set.of());
        assertThat(new MacAllocator(new Random(42), 1).allocate(NETWORK, Set.of())).isEqualTo(first);
    }

    @Test
    void drawsAgainOnACollision() {
        MacAllocator allocator = new MacAllocator(scripted(0x000001L, 0x000001L, 0x000002L), 3);
        assertThat(allocator.allocate(NETWORK, Set.of("fa:16:3e:01:00:00"))).isEqualTo("fa:16:3e:02:00:00");
    }

    @Test
    void neverReturnsATakenMac() {
        MacAllocator allocator = new MacAllocator(new Random(7), MacAllocator.DEFAULT_ATTEMPTS);
        Set<String> inUse = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            String mac = allocator.allocate(NETWORK, inUse);
            assertThat(inUse.add(mac)).as("fresh MAC %s", mac).isTrue();
        }
    }

    @Test
    void failsAsNeutronAfterTheLastAttempt() {
        Set<String> inUse = Set.of("fa:16:3e:00:00:00");
        assertFault("MacAddressGenerationFailure", 503,
                () -> new MacAllocator(scripted(0L, 0L, 0L), 3).allocate(NETWORK, inUse))
                .hasMessage("Unable to generate unique mac on network " + NETWORK + ".");
        assertThat(new MacAllocator(scripted(0L, 0L, 5L), 3).allocate(NETWORK, inUse))
                .isEqualTo("fa:16:3e:05:00:00");
    }

    @Test
    void needsAtLeastOneAttempt() {
        assertThatThrownBy(() -> new MacAllocator(new Random(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
