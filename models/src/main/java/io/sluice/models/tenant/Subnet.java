package io.sluice.models.tenant;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.util.List;

/**
 * An IPv4 subnet of a network.
 *
 * @param gatewayIp       the router's address on the subnet, or null for none
 * @param allocationPools the ranges ports get addresses from; inside the CIDR, disjoint, without the gateway
 */
public record Subnet(String id, String projectId, String networkId, String name, String cidr, String gatewayIp,
                     List<AllocationPool> allocationPools, boolean enableDhcp, List<String> dnsNameservers,
                     List<HostRoute> hostRoutes, long revision) {
    public Subnet {
        Check.uuid("id", id);
        Check.name("project_id", projectId);
        Check.uuid("network_id", networkId);
        name = Check.name("name", name);
        cidr = Check.ipv4Cidr("cidr", cidr);
        gatewayIp = gatewayIp == null ? null : Check.ipv4("gateway_ip", gatewayIp);
        allocationPools = Check.list(allocationPools);
        dnsNameservers = Check.list(dnsNameservers).stream().map(d -> Check.ipv4("dns_nameservers", d)).toList();
        hostRoutes = Check.list(hostRoutes);
        IPAddress network = address(cidr);
        if (gatewayIp != null && !network.contains(address(gatewayIp))) {
            throw new ValidationException("gateway_ip", gatewayIp + " is outside " + cidr);
        }
        checkPools(network, allocationPools, gatewayIp);
    }

    /** The prefix length of the subnet, e.g. 24. */
    public int prefixLength() {
        return address(cidr).getNetworkPrefixLength();
    }

    /** Whether an address belongs to this subnet's CIDR. */
    public boolean contains(String ip) {
        return address(cidr).contains(address(ip));
    }

    private static void checkPools(IPAddress network, List<AllocationPool> pools, String gatewayIp) {
        IPAddressSeqRange all = network.toSequentialRange();
        for (int i = 0; i < pools.size(); i++) {
            AllocationPool pool = pools.get(i);
            IPAddressSeqRange range = range(pool);
            if (range == null || !all.contains(range)) {
                throw new ValidationException("allocation_pools", "pool " + pool.start() + "-" + pool.end()
                        + " is empty or outside " + network.toCanonicalString());
            }
            if (gatewayIp != null && range.contains(address(gatewayIp))) {
                throw new ValidationException("allocation_pools", "gateway " + gatewayIp + " is inside pool "
                        + pool.start() + "-" + pool.end());
            }
            for (int j = 0; j < i; j++) {
                if (range.overlaps(range(pools.get(j)))) {
                    throw new ValidationException("allocation_pools", "pools " + pools.get(j).start() + "-"
                            + pools.get(j).end() + " and " + pool.start() + "-" + pool.end() + " overlap");
                }
            }
        }
    }

    /** A pool as a sequential range, or null when its start lies after its end. */
    static IPAddressSeqRange range(AllocationPool pool) {
        IPAddress start = address(pool.start());
        IPAddress end = address(pool.end());
        return start.compareTo(end) > 0 ? null : start.spanWithRange(end);
    }

    static IPAddress address(String text) {
        return new IPAddressString(text).getAddress();
    }
}
