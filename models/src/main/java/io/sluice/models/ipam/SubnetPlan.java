package io.sluice.models.ipam;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import io.sluice.models.tenant.AllocationPool;
import io.sluice.models.tenant.Check;
import io.sluice.models.tenant.Subnet;
import java.util.Arrays;
import java.util.List;

/**
 * A new IPv4 subnet's gateway and allocation pools, with Neutron's defaults for what the caller left out
 * (IpamBackendMixin._gateway_ip_str and neutron/ipam/utils.py generate_pools). What the caller gave is kept as
 * given: the {@link Subnet} built from the plan validates it.
 *
 * @param gatewayIp       the gateway, or null for none
 * @param allocationPools the pools, possibly none
 */
public record SubnetPlan(String gatewayIp, List<AllocationPool> allocationPools) {
    public SubnetPlan {
        allocationPools = List.copyOf(allocationPools);
    }

    /**
     * Plans a subnet of {@code cidr}.
     *
     * @param gatewayIp       left out: the address after the network address (none on a /32, where it would lie
     *                        outside); given as null: no gateway
     * @param allocationPools left out or null: every host address of the CIDR but the gateway, split around it;
     *                        a list (even empty): exactly those pools
     * @throws io.sluice.models.tenant.ValidationException naming cidr or gateway_ip when either is malformed
     */
    public static SubnetPlan of(String cidr, Requested<String> gatewayIp,
                                Requested<List<AllocationPool>> allocationPools) {
        Check.ipv4Cidr("cidr", cidr);
        String gateway = gatewayIp.given() ? given(gatewayIp.value()) : defaultGateway(cidr);
        List<AllocationPool> pools = allocationPools.value() == null ? defaultPools(cidr, gateway)
                : allocationPools.value();
        return new SubnetPlan(gateway, pools);
    }

    private static String given(String gatewayIp) {
        return gatewayIp == null ? null : Check.ipv4("gateway_ip", gatewayIp);
    }

    private static String defaultGateway(String cidr) {
        IPAddress network = Addresses.parse(cidr);
        return network.getNetworkPrefixLength() == 32 ? null
                : network.getLower().withoutPrefixLength().increment(1).toCanonicalString();
    }

    /**
     * The host addresses minus the gateway. On a /31 (RFC 3021) that leaves the one address the gateway does not
     * take; on a /32 the single address. A gateway outside the hosts removes nothing (the Subnet refuses it).
     */
    private static List<AllocationPool> defaultPools(String cidr, String gatewayIp) {
        IPAddressSeqRange hosts = Subnet.hostRange(cidr);
        IPAddressSeqRange[] remaining = gatewayIp == null ? new IPAddressSeqRange[] {hosts}
                : hosts.subtract(Addresses.parse(gatewayIp).toSequentialRange());
        return Arrays.stream(remaining).map(Addresses::pool).toList();
    }
}
