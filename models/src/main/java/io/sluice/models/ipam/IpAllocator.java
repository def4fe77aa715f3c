package io.sluice.models.ipam;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import io.sluice.models.tenant.Check;
import io.sluice.models.tenant.Subnet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Chooses a port's fixed IP on a subnet as Neutron's IPAM does. Pure: the caller passes the subnet's addresses in
 * use (canonical strings, as {@link io.sluice.models.tenant.FixedIp} holds them) and records the answer.
 */
public final class IpAllocator {
    private IpAllocator() {
    }

    /**
     * The lowest free address of the subnet's pools. Each pool is scanned from its start and every address stepped
     * over is one in use, so a pool costs at most one visit more than its addresses in use: O(pool size) only when
     * it is full, and no dearer than building {@code inUse} was.
     *
     * @throws IpAddressGenerationFailure when every pool address is in use (or the subnet has no pools)
     */
    public static String allocateAny(Subnet subnet, Set<String> inUse) {
        List<IPAddressSeqRange> pools = subnet.allocationPools().stream().map(Addresses::range)
                .sorted(Comparator.comparing(IPAddressSeqRange::getLower)).toList();
        for (IPAddressSeqRange pool : pools) {
            Iterator<? extends IPAddress> addresses = pool.iterator();
            while (addresses.hasNext()) {
                String candidate = addresses.next().toCanonicalString();
                if (!inUse.contains(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IpAddressGenerationFailure(subnet.networkId());
    }

    /**
     * A requested address. As Neutron, it may be any host address of the CIDR, inside a pool or not, the gateway
     * included: that is how a router interface port takes the gateway address.
     *
     * @throws io.sluice.models.tenant.ValidationException naming fixed_ips.ip_address when it is malformed
     * @throws InvalidIpForSubnet         when it is outside the CIDR or its network or broadcast address
     * @throws IpAddressAlreadyAllocated when another port holds it
     */
    public static String allocateSpecific(Subnet subnet, Set<String> inUse, String requested) {
        String ip = Check.ipv4("fixed_ips.ip_address", requested);
        if (!Subnet.hostRange(subnet.cidr()).contains(Addresses.parse(ip))) {
            throw new InvalidIpForSubnet(ip);
        }
        if (inUse.contains(ip)) {
            throw new IpAddressAlreadyAllocated(ip, subnet.id());
        }
        return ip;
    }
}
