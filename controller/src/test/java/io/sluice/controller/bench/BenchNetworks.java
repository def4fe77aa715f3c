package io.sluice.controller.bench;

import io.sluice.models.tenant.AllocationPool;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Subnet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The in-process benches' tenant networks, as the scale bench makes them: network n of VXLAN and MPLS in turn,
 * each with a /24 subnet, so at most 65,536 networks and 252 addresses a network.
 */
final class BenchNetworks {
    static final String PROJECT = "p-bench";

    private BenchNetworks() {
    }

    /** Networks 0 to count - 1. */
    static List<Network> networks(int count) {
        return IntStream.range(0, count).mapToObj(BenchNetworks::network).toList();
    }

    /** The subnets of networks 0 to count - 1, in the same order. */
    static List<Subnet> subnets(int count) {
        return IntStream.range(0, count).mapToObj(BenchNetworks::subnet).toList();
    }

    static Network network(int n) {
        NetworkType type = n % 2 == 0 ? NetworkType.VXLAN : NetworkType.MPLS;
        return new Network(uuid(n), PROJECT, "n" + n, true, false, false, type, 1000 + n, null,
                type == NetworkType.MPLS ? 1472 : 1450, 1);
    }

    static Subnet subnet(int n) {
        String prefix = "10." + (n >> 8) + "." + (n & 0xff);
        return new Subnet(uuid(100_000 + n), PROJECT, uuid(n), "s" + n, prefix + ".0/24", prefix + ".1",
                List.of(new AllocationPool(prefix + ".2", prefix + ".254")), true, List.of(), List.of(), 1);
    }

    /** Host {@code offset} (2 to 253) of network n's subnet. */
    static String address(int n, int offset) {
        return "10." + (n >> 8) + "." + (n & 0xff) + "." + offset;
    }

    /** Port k's MAC address. */
    static String mac(int k) {
        return String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", (k >>> 16) & 0xff, (k >>> 8) & 0xff, k & 0xff);
    }

    static String uuid(long n) {
        return new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L | n).toString();
    }
}
