package io.sluice.models.tenant;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.util.List;

/**
 * An IPv4 subnet of a network.
 *
 * @param gatewayIp       the router's address on the subnet, or null for none
 * @param allocationPools the ranges ports get addresses from; host addresses of the CIDR, disjoint, without the
 *                        gateway
 */
public record Subnet(String id, String projectId, String networkId, String name, String cidr, String gatewayIp,
                     List<AllocationPool> allocationPools, boolean enableDhcp, List<String> dnsNameservers,
                     List<HostRoute> hostRoutes, long revision) {
    public Subnet {
        id = Check.uuid("id", id);
        Check.name("project_id", projectId);
        networkId = Check.uuid("network_id", networkId);
        name = Check.name("name", name);
        cidr = Check.ipv4Cidr("cidr", cidr);
        gatewayIp = gatewayIp == null ? null : Check.ipv4("gateway_ip", gatewayIp);
        allocationPools = Check.list(allocationPools);
        dnsNameservers = Check.list(dnsNameservers).stream().map(d -> Check.ipv4("dns_nameservers", d)).toList();
        hostRoutes = Check.list(hostRoutes);
        IPAddress network = address(cidr);
        if (network.getNetworkPrefixLength() == 0) {
            // As Neutron: dnsmasq cannot serve a /0.
            throw new ValidationException("cidr", "0 is not allowed as CIDR prefix length");
        }
        IPAddressSeqRange hosts = hostRange(network);
        if (gatewayIp != null) {
            checkGateway(network, hosts, gatewayIp);
        }
        checkPools(network, hosts, allocationPools, gatewayIp);
    }

    /** The prefix length of the subnet, e.g. 24. */
    public int prefixLength() {
        return address(cidr).getNetworkPrefixLength();
    }

    /** Whether an address belongs to this subnet's CIDR. */
    public boolean contains(String ip) {
        return address(cidr).contains(address(ip));
    }

    /**
     * The addresses a host may hold in a CIDR: all but the network and broadcast addresses, or the whole of a /31
     * (RFC 3021 point-to-point, which has neither) or a /32.
     */
    public static IPAddressSeqRange hostRange(String cidr) {
        return hostRange(address(cidr));
    }

    private static IPAddressSeqRange hostRange(IPAddress network) {
        IPAddress first = network.getLower().withoutPrefixLength();
        IPAddress last = network.getUpper().withoutPrefixLength();
        return network.getNetworkPrefixLength() >= 31 ? first.spanWithRange(last)
                : first.increment(1).spanWithRange(last.increment(-1));
    }

    private static void checkGateway(IPAddress network, IPAddressSeqRange hosts, String gatewayIp) {
        IPAddress gateway = address(gatewayIp);
        if (!network.contains(gateway)) {
            throw new ValidationException("gateway_ip", gatewayIp + " is outside " + network.toCanonicalString());
        }
        if (!hosts.contains(gateway)) {
            throw new ValidationException("gateway_ip", gatewayIp + " is the network or broadcast address of "
                    + network.toCanonicalString());
        }
    }

    private static void checkPools(IPAddress network, IPAddressSeqRange hosts, List<AllocationPool> pools,
                                   String gatewayIp) {
        for (int i = 0; i < pools.size(); i++) {
            AllocationPool pool = pools.get(i);
            IPAddressSeqRange range = range(pool);
            if (range == null) {
                throw new ValidationException("allocation_pools", "pool " + text(pool) + " starts after it ends");
            }
            if (!hosts.contains(range)) {
                throw new ValidationException("allocation_pools", "pool " + text(pool) + " spans beyond "
                        + hosts.getLower() + "-" + hosts.getUpper() + ", the host addresses of "
                        + network.toCanonicalString());
            }
            if (gatewayIp != null && range.contains(address(gatewayIp))) {
                throw new ValidationException("allocation_pools", "gateway " + gatewayIp + " is inside pool "
                        + text(pool));
            }
            for (int j = 0; j < i; j++) {
                if (range.overlaps(range(pools.get(j)))) {
                    throw new ValidationException("allocation_pools", "pools " + text(pools.get(j)) + " and "
                            + text(pool) + " overlap");
                }
            }
        }
    }

    private static String text(AllocationPool pool) {
        return pool.start() + "-" + pool.end();
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
