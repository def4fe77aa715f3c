package io.sluice.controller.bench;

import io.sluice.models.tenant.AllocationPool;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Subnet;
import java.util.List;
import java.util.UUID;

/**
 * The in-process benches' tenant networks, as the scale bench makes them: network n of VXLAN and MPLS in turn,
 * each with a /24 subnet, so at most 65,536 networks and 252 addresses a network.
 */
final class BenchNetworks {
    static final String PROJECT = "p-bench";

    private BenchNetworks() {
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

    static String uuid(long n) {
        return new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L | n).toString();
    }
}
