package io.sluice.models.ipam;

import java.util.HexFormat;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Picks a new port's MAC address as Neutron does: its base_mac prefix fa:16:3e (locally administered, unicast)
 * and three random octets, drawn again while the result is taken on the network.
 */
public final class MacAllocator {
    /** Neutron's mac_generation_retries default. */
    public static final int DEFAULT_ATTEMPTS = 16;
    private static final byte[] PREFIX = {(byte) 0xfa, 0x16, 0x3e};
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":");

    private final RandomGenerator random;
    private final int attempts;

    /**
     * @param random   the only source of randomness, injected so tests and replays are deterministic
     * @param attempts how many draws before giving up, at least 1
     */
    public MacAllocator(RandomGenerator random, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        this.random = random;
        this.attempts = attempts;
    }

    /**
     * A MAC not in {@code inUse} (lower-case, colon-separated, as {@link io.sluice.models.tenant.Port} holds them).
     *
     * @throws MacAddressGenerationFailure when every attempt drew a taken address
     */
    public String allocate(String networkId, Set<String> inUse) {
        byte[] mac = new byte[6];
        System.arraycopy(PREFIX, 0, mac, 0, PREFIX.length);
        byte[] drawn = new byte[3];
        for (int attempt = 0; attempt < attempts; attempt++) {
            random.nextBytes(drawn);
            System.arraycopy(drawn, 0, mac, PREFIX.length, drawn.length);
            String candidate = COLON_HEX.formatHex(mac);
            if (!inUse.contains(candidate)) {
                return candidate;
            }
        }
        throw new MacAddressGenerationFailure(networkId);
    }
}
