package io.sluice.models.ipam;

import static io.sluice.models.tenant.TenantFixtures.subnet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.sluice.models.tenant.AllocationPool;
import io.sluice.models.tenant.Subnet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allocator against an oracle that walks the whole CIDR in address order, on random subnets, gateways and
 * used sets drawn from a seeded Random: reproducible, and a failure names its seed.
 */
class IpAllocatorPropertyTest {
    private static final List<Requested<String>> GATEWAY_CHOICES = List.of(Requested.absent(), Requested.of(null));

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 1234, 20240601})
    void allocatesTheLowestFreePoolAddressAndNeverAnythingElse(long seed) {
        Random random = new Random(seed);
        for (int trial = 0; trial < 300; trial++) {
            Subnet subnet = randomSubnet(random);
            List<String> addresses = addressesOf(subnet.cidr());
            Set<String> inUse = randomSubset(random, addresses);
            Optional<String> expected = addresses.stream().filter(a -> inPool(subnet, a) && !inUse.contains(a))
                    .findFirst();
            String context = "seed " + seed + " trial " + trial + " " + subnet + " inUse " + inUse;
            if (expected.isEmpty()) {
                assertThatThrownBy(() -> IpAllocator.allocateAny(subnet, inUse)).as(context)
                        .isInstanceOf(IpAddressGenerationFailure.class);
                continue;
            }
            String chosen = IpAllocator.allocateAny(subnet, inUse);
            assertThat(chosen).as(context).isEqualTo(expected.get())
                    .isNotIn(inUse).isNotEqualTo(subnet.gatewayIp())
                    .isNotEqualTo(addresses.get(0)).isNotEqualTo(addresses.get(addresses.size() - 1));
        }
    }

    @Test
    void fillsASlash28ExactlyThenFails() {
        Subnet subnet = planned("10.0.0.16/28", Requested.absent());
        Set<String> inUse = new HashSet<>();
        for (int i = 0; i < 13; i++) {
            inUse.add(IpAllocator.allocateAny(subnet, inUse));
        }
        assertThat(inUse).hasSize(13).allSatisfy(ip -> assertThat(inPool(subnet, ip)).isTrue())
                .doesNotContain("10.0.0.16", "10.0.0.17", "10.0.0.31");
        assertThatThrownBy(() -> IpAllocator.allocateAny(subnet, inUse))
                .isInstanceOf(IpAddressGenerationFailure.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 11, 99, 4242, 65537})
    void fillsASlash28ExactlyWithRequestsMixedIn(long seed) {
        Random random = new Random(seed);
        Subnet subnet = planned("10.0.0.16/28", Requested.absent());
        List<String> addresses = addressesOf(subnet.cidr());
        Set<String> inUse = new HashSet<>();
        int unasked = 0;
        while (true) {
            if (random.nextInt(10) < 3) {
                request(subnet, inUse, addresses.get(random.nextInt(addresses.size())));
                continue;
            }
            try {
                String chosen = IpAllocator.allocateAny(subnet, inUse);
                assertThat(chosen).isNotIn(inUse).isNotIn("10.0.0.16", "10.0.0.17", "10.0.0.31");
                inUse.add(chosen);
                unasked++;
            } catch (IpAddressGenerationFailure full) {
                break;
            }
        }
        long pooled = inUse.stream().filter(ip -> inPool(subnet, ip)).count();
        assertThat(pooled).as("seed " + seed).isEqualTo(13);
        assertThat(unasked).isLessThanOrEqualTo(13);
    }

    /** A request for any address of the CIDR: granted unless it is no host address or already taken. */
    private static void request(Subnet subnet, Set<String> inUse, String ip) {
        boolean host = !ip.equals("10.0.0.16") && !ip.equals("10.0.0.31");
        if (!host) {
            assertThatThrownBy(() -> IpAllocator.allocateSpecific(subnet, inUse, ip))
                    .isInstanceOf(InvalidIpForSubnet.class);
        } else if (inUse.contains(ip)) {
            assertThatThrownBy(() -> IpAllocator.allocateSpecific(subnet, inUse, ip))
                    .isInstanceOf(IpAddressAlreadyAllocated.class);
        } else {
            inUse.add(IpAllocator.allocateSpecific(subnet, inUse, ip));
        }
    }

    private static Subnet randomSubnet(Random random) {
        int prefix = 22 + random.nextInt(9);
        String cidr = new IPAddressString("10." + random.nextInt(256) + "." + random.nextInt(256) + ".0/" + prefix)
                .getAddress().toPrefixBlock().toCanonicalString();
        List<String> addresses = addressesOf(cidr);
        Requested<String> gateway = random.nextInt(3) < 2 ? GATEWAY_CHOICES.get(random.nextInt(2))
                : Requested.of(addresses.get(1 + random.nextInt(addresses.size() - 2)));
        return planned(cidr, gateway);
    }

    private static Subnet planned(String cidr, Requested<String> gateway) {
        SubnetPlan plan = SubnetPlan.of(cidr, gateway, Requested.absent());
        return subnet(cidr, plan.gatewayIp(), plan.allocationPools().toArray(AllocationPool[]::new));
    }

    private static Set<String> randomSubset(Random random, List<String> addresses) {
        double density = random.nextDouble();
        Set<String> subset = new HashSet<>();
        for (String address : addresses) {
            if (random.nextDouble() < density) {
                subset.add(address);
            }
        }
        return subset;
    }

    /** Every address of the CIDR, network and broadcast included, in address order. */
    private static List<String> addressesOf(String cidr) {
        List<String> addresses = new ArrayList<>();
        Iterator<? extends IPAddress> all = new IPAddressString(cidr).getAddress().withoutPrefixLength().iterator();
        all.forEachRemaining(a -> addresses.add(a.toCanonicalString()));
        return addresses;
    }

    private static boolean inPool(Subnet subnet, String ip) {
        IPAddress address = new IPAddressString(ip).getAddress();
        return subnet.allocationPools().stream().anyMatch(p -> new IPAddressString(p.start()).getAddress()
                .spanWithRange(new IPAddressString(p.end()).getAddress()).contains(address));
    }
}
