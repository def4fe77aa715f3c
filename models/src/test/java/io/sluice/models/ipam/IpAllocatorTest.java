package io.sluice.models.ipam;

import static io.sluice.models.ipam.FaultAssertions.assertFault;
import static io.sluice.models.tenant.TenantFixtures.NETWORK;
import static io.sluice.models.tenant.TenantFixtures.SUBNET;
import static io.sluice.models.tenant.TenantFixtures.pool;
import static io.sluice.models.tenant.TenantFixtures.subnet;
import static io.sluice.models.tenant.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.tenant.Subnet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAllocatorTest {
    private static final Subnet S24 = subnet("10.0.0.0/24", "10.0.0.1", pool("10.0.0.2", "10.0.0.254"));

    @Test
    void takesTheFirstPoolAddress() {
        assertThat(IpAllocator.allocateAny(S24, Set.of())).isEqualTo("10.0.0.2");
    }

    @Test
    void stepsOverAddressesInUseAndFillsHoles() {
        assertThat(IpAllocator.allocateAny(S24, Set.of("10.0.0.2", "10.0.0.3"))).isEqualTo("10.0.0.4");
        assertThat(IpAllocator.allocateAny(S24, Set.of("10.0.0.2", "10.0.0.4"))).isEqualTo("10.0.0.3");
    }

    @Test
    void scansPoolsInAddressOrderAndMovesOnWhenOneIsFull() {
        Subnet subnet = subnet("10.0.0.0/24", "10.0.0.1", pool("10.0.0.200", "10.0.0.210"),
                pool("10.0.0.10", "10.0.0.11"));
        assertThat(IpAllocator.allocateAny(subnet, Set.of())).isEqualTo("10.0.0.10");
        assertThat(IpAllocator.allocateAny(subnet, Set.of("10.0.0.10", "10.0.0.11"))).isEqualTo("10.0.0.200");
    }

    @Test
    void failsAsNeutronWhenThePoolsAreFull() {
        Subnet tiny = subnet("10.0.0.0/24", "10.0.0.1", pool("10.0.0.10", "10.0.0.11"));
        assertFault("IpAddressGenerationFailure", 409, () -> IpAllocator.allocateAny(tiny, Set.of("10.0.0.10",
                "10.0.0.11"))).hasMessage("No more IP addresses available on network " + NETWORK + ".");
    }

    @Test
    void aSubnetWithoutPoolsHandsOutNothingUnasked() {
        Subnet noPools = subnet("10.0.0.0/24", "10.0.0.1");
        assertFault("IpAddressGenerationFailure", 409, () -> IpAllocator.allocateAny(noPools, Set.of()));
        assertThat(IpAllocator.allocateSpecific(noPools, Set.of(), "10.0.0.9")).isEqualTo("10.0.0.9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.77", "10.0.0.254"})
    void grantsARequestedAddressInAPool(String ip) {
        assertThat(IpAllocator.allocateSpecific(S24, Set.of("10.0.0.2"), ip)).isEqualTo(ip);
    }

    @Test
    void grantsARequestedAddressOutsideThePools() {
        Subnet subnet = subnet("10.0.0.0/24", "10.0.0.1", pool("10.0.0.100", "10.0.0.199"));
        assertThat(IpAllocator.allocateSpecific(subnet, Set.of(), "10.0.0.20")).isEqualTo("10.0.0.20");
    }

    @Test
    void grantsTheGatewayAddressAsARouterInterfaceTakesIt() {
        assertThat(IpAllocator.allocateSpecific(S24, Set.of(), "10.0.0.1")).isEqualTo("10.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.255", "10.0.1.5", "192.168.0.1"})
    void refusesAnAddressThatIsNoHostOfTheSubnet(String ip) {
        assertFault("InvalidIpForSubnet", 400, () -> IpAllocator.allocateSpecific(S24, Set.of(), ip))
                .hasMessage("IP address " + ip + " is not a valid IP for the specified subnet.");
    }

    @Test
    void refusesAnAddressInUse() {
        assertFault("IpAddressAlreadyAllocated", 409,
                () -> IpAllocator.allocateSpecific(S24, Set.of("10.0.0.9"), "10.0.0.9"))
                .hasMessage("IP address 10.0.0.9 already allocated in subnet " + SUBNET);
    }

    @Test
    void refusesAMalformedRequest() {
        assertRejected("fixed_ips.ip_address", () -> IpAllocator.allocateSpecific(S24, Set.of(), "10.0.0.09"));
        assertRejected("fixed_ips.ip_address", () -> IpAllocator.allocateSpecific(S24, Set.of(), null));
    }

    @Test
    void pointToPointSubnetsHandOutBothAddresses() {
        Subnet p2p = subnet("192.168.0.0/31", null, pool("192.168.0.0", "192.168.0.1"));
        assertThat(IpAllocator.allocateAny(p2p, Set.of())).isEqualTo("192.168.0.0");
        assertThat(IpAllocator.allocateAny(p2p, Set.of("192.168.0.0"))).isEqualTo("192.168.0.1");
        assertThat(IpAllocator.allocateSpecific(p2p, Set.of(), "192.168.0.0")).isEqualTo("192.168.0.0");
        Subnet host = subnet("192.168.0.9/32", null, pool("192.168.0.9", "192.168.0.9"));
        assertThat(IpAllocator.allocateAny(host, Set.of())).isEqualTo("192.168.0.9");
    }
}
