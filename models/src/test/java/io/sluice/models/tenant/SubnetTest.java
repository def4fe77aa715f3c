package io.sluice.models.tenant;

import static io.sluice.models.tenant.TenantFixtures.NETWORK;
import static io.sluice.models.tenant.TenantFixtures.PROJECT;
import static io.sluice.models.tenant.TenantFixtures.SUBNET;
import static io.sluice.models.tenant.TenantFixtures.pool;
import static io.sluice.models.tenant.TenantFixtures.subnet;
import static io.sluice.models.tenant.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubnetTest {
    @Test
    void acceptsATypicalSubnetAndDefaultsItsLists() {
        Subnet subnet = new Subnet(SUBNET, PROJECT, NETWORK, null, "10.0.0.0/24", "10.0.0.1", null, true, null, null,
                1);
        assertThat(subnet.name()).isEmpty();
        assertThat(subnet.allocationPools()).isEmpty();
        assertThat(subnet.dnsNameservers()).isEmpty();
        assertThat(subnet.hostRoutes()).isEmpty();
        assertThat(subnet.prefixLength()).isEqualTo(24);
        assertThat(subnet.contains("10.0.0.77")).isTrue();
        assertThat(subnet.contains("10.0.1.1")).isFalse();
    }

    @Test
    void refusesBadIdsAndNames() {
        assertRejected("id", () -> new Subnet("s1", PROJECT, NETWORK, "s", "10.0.0.0/24", null, null, true, null,
                null, 1));
        assertRejected("network_id", () -> new Subnet(SUBNET, PROJECT, null, "s", "10.0.0.0/24", null, null, true,
                null, null, 1));
        assertRejected("project_id", () -> new Subnet(SUBNET, "p".repeat(256), NETWORK, "s", "10.0.0.0/24", null,
                null, true, null, null, 1));
        assertRejected("name", () -> new Subnet(SUBNET, PROJECT, NETWORK, "s".repeat(256), "10.0.0.0/24", null,
                null, true, null, null, 1));
    }

    @Test
    void refusesABadCidr() {
        assertRejected("cidr", () -> subnet("10.0.0.0", null));
        assertRejected("cidr", () -> subnet("10.0.0.1/24", null)).hasMessageContaining("did you mean 10.0.0.0/24");
        assertRejected("cidr", () -> subnet("0.0.0.0/0", null))
                .hasMessageContaining("0 is not allowed as CIDR prefix length");
    }

    @Test
    void refusesAMalformedGateway() {
        assertRejected("gateway_ip", () -> subnet("10.0.0.0/24", "10.0.0"));
    }

    @Test
    void refusesAGatewayOutsideTheCidr() {
        assertRejected("gateway_ip", () -> subnet("10.0.0.0/24", "10.0.1.1"))
                .hasMessageContaining("10.0.1.1 is outside 10.0.0.0/24");
    }

    @Test
    void refusesTheNetworkOrBroadcastAddressAsGateway() {
        assertRejected("gateway_ip", () -> subnet("10.0.0.0/24", "10.0.0.0"))
                .hasMessageContaining("is the network or broadcast address of 10.0.0.0/24");
        assertRejected("gateway_ip", () -> subnet("10.0.0.0/24", "10.0.0.255"));
    }

    @Test
    void pointToPointSubnetsHaveNoNetworkOrBroadcastAddress() {
        assertThat(subnet("192.168.0.0/31", "192.168.0.0", pool("192.168.0.1", "192.168.0.1")).gatewayIp())
                .isEqualTo("192.168.0.0");
        assertThat(subnet("192.168.0.0/31", "192.168.0.1", pool("192.168.0.0", "192.168.0.0")).gatewayIp())
                .isEqualTo("192.168.0.1");
        assertThat(subnet("192.168.0.7/32", null, pool("192.168.0.7", "192.168.0.7")).allocationPools())
                .hasSize(1);
    }

    @Test
    void refusesAPoolStartingAfterItEnds() {
        assertRejected("allocation_pools", () -> subnet("10.0.0.0/24", null, pool("10.0.0.20", "10.0.0.10")))
                .hasMessageContaining("pool 10.0.0.20-10.0.0.10 starts after it ends");
    }

    @ParameterizedTest
    @CsvSource({"10.0.1.1, 10.0.1.10", "10.0.0.200, 10.0.1.10", "10.0.0.0, 10.0.0.10", "10.0.0.250, 10.0.0.255"})
    void refusesAPoolBeyondTheHostAddresses(String start, String end) {
        assertRejected("allocation_pools", () -> subnet("10.0.0.0/24", null, pool(start, end)))
                .hasMessageContaining("spans beyond 10.0.0.1-10.0.0.254, the host addresses of 10.0.0.0/24");
    }

    @Test
    void refusesAPoolContainingTheGateway() {
        assertRejected("allocation_pools", () -> subnet("10.0.0.0/24", "10.0.0.1", pool("10.0.0.1", "10.0.0.254")))
                .hasMessageContaining("gateway 10.0.0.1 is inside pool 10.0.0.1-10.0.0.254");
    }

    @Test
    void refusesOverlappingPools() {
        assertRejected("allocation_pools", () -> subnet("10.0.0.0/24", null, pool("10.0.0.10", "10.0.0.20"),
                pool("10.0.0.30", "10.0.0.40"), pool("10.0.0.20", "10.0.0.25")))
                .hasMessageContaining("pools 10.0.0.10-10.0.0.20 and 10.0.0.20-10.0.0.25 overlap");
    }

    @Test
    void acceptsAdjacentPoolsAroundTheGateway() {
        Subnet subnet = subnet("10.0.0.0/24", "10.0.0.128", pool("10.0.0.1", "10.0.0.127"),
                pool("10.0.0.129", "10.0.0.254"));
        assertThat(subnet.allocationPools()).hasSize(2);
    }

    @Test
    void refusesMalformedPoolAddresses() {
        assertRejected("allocation_pools.start", () -> pool("10.0.0", "10.0.0.9"));
        assertRejected("allocation_pools.end", () -> pool("10.0.0.1", null));
    }

    @Test
    void refusesBadNameserversAndHostRoutes() {
        assertRejected("dns_nameservers", () -> new Subnet(SUBNET, PROJECT, NETWORK, "s", "10.0.0.0/24", null, null,
                true, List.of("8.8.8"), null, 1));
        assertRejected("host_routes.destination", () -> new HostRoute("10.1.0.1/16", "10.0.0.1"));
        assertRejected("host_routes.nexthop", () -> new HostRoute("10.1.0.0/16", "10.0.0.1/32"));
        assertThat(new HostRoute("0.0.0.0/0", "10.0.0.1").destination()).isEqualTo("0.0.0.0/0");
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/24, 10.0.0.1, 10.0.0.254", "10.0.0.4/30, 10.0.0.5, 10.0.0.6",
            "10.0.0.4/31, 10.0.0.4, 10.0.0.5", "10.0.0.4/32, 10.0.0.4, 10.0.0.4"})
    void hostRange(String cidr, String first, String last) {
        assertThat(Subnet.hostRange(cidr).getLower().toCanonicalString()).isEqualTo(first);
        assertThat(Subnet.hostRange(cidr).getUpper().toCanonicalString()).isEqualTo(last);
    }
}
