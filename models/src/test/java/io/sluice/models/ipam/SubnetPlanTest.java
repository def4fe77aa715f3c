package io.sluice.models.ipam;

import static io.sluice.models.tenant.TenantFixtures.pool;
import static io.sluice.models.tenant.TenantFixtures.subnet;
import static io.sluice.models.tenant.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.models.tenant.AllocationPool;
import io.sluice.models.tenant.Subnet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases after Neutron's test_generate_pools_* and its gateway defaults. */
class SubnetPlanTest {
    private static final Requested<String> DEFAULT_GATEWAY = Requested.absent();
    private static final Requested<List<AllocationPool>> DEFAULT_POOLS = Requested.absent();

    private static SubnetPlan plan(String cidr, Requested<String> gateway) {
        return SubnetPlan.of(cidr, gateway, DEFAULT_POOLS);
    }

    /** The subnet the plan describes: building it runs the record's validation. */
    private static Subnet build(String cidr, SubnetPlan plan) {
        return subnet(cidr, plan.gatewayIp(), plan.allocationPools().toArray(AllocationPool[]::new));
    }

    @Test
    void defaultsToTheFirstAddressAsGatewayAndTheRestAsOnePool() {
        SubnetPlan plan = plan("192.168.0.0/24", DEFAULT_GATEWAY);
        assertThat(plan.gatewayIp()).isEqualTo("192.168.0.1");
        assertThat(plan.allocationPools()).containsExactly(pool("192.168.0.2", "192.168.0.254"));
    }

    @Test
    void explicitNullGatewayMeansNoneAndEveryHostAddressIsPooled() {
        SubnetPlan plan = plan("192.168.0.0/24", Requested.of(null));
        assertThat(plan.gatewayIp()).isNull();
        assertThat(plan.allocationPools()).containsExactly(pool("192.168.0.1", "192.168.0.254"));
    }

    @Test
    void aGatewayInsideTheRangeSplitsThePool() {
        assertThat(plan("192.168.0.0/24", Requested.of("192.168.0.128")).allocationPools())
                .containsExactly(pool("192.168.0.1", "192.168.0.127"), pool("192.168.0.129", "192.168.0.254"));
    }

    @Test
    void aGatewayAtTheEndShortensThePool() {
        assertThat(plan("192.168.0.0/24", Requested.of("192.168.0.254")).allocationPools())
                .containsExactly(pool("192.168.0.1", "192.168.0.253"));
    }

    @Test
    void givenPoolsAreKept() {
        List<AllocationPool> pools = List.of(pool("10.0.0.100", "10.0.0.199"));
        SubnetPlan plan = SubnetPlan.of("10.0.0.0/24", DEFAULT_GATEWAY, Requested.of(pools));
        assertThat(plan.gatewayIp()).isEqualTo("10.0.0.1");
        assertThat(plan.allocationPools()).isEqualTo(pools);
    }

    @Test
    void poolsGivenAsNullAreDefaultedButAnEmptyListMeansNoPools() {
        assertThat(SubnetPlan.of("10.0.0.0/24", DEFAULT_GATEWAY, Requested.of(null)).allocationPools())
                .containsExactly(pool("10.0.0.2", "10.0.0.254"));
        assertThat(SubnetPlan.of("10.0.0.0/24", DEFAULT_GATEWAY, Requested.of(List.of())).allocationPools())
                .isEmpty();
    }

    @Test
    void slash30LeavesOneAddressBesideTheGateway() {
        SubnetPlan plan = plan("10.0.0.4/30", DEFAULT_GATEWAY);
        assertThat(plan.gatewayIp()).isEqualTo("10.0.0.5");
        assertThat(plan.allocationPools()).containsExactly(pool("10.0.0.6", "10.0.0.6"));
    }

    @Test
    void slash31UsesBothAddressesTheSecondAsGateway() {
        SubnetPlan plan = plan("192.168.0.0/31", DEFAULT_GATEWAY);
        assertThat(plan.gatewayIp()).isEqualTo("192.168.0.1");
        assertThat(plan.allocationPools()).containsExactly(pool("192.168.0.0", "192.168.0.0"));
        assertThat(plan("192.168.0.0/31", Requested.of(null)).allocationPools())
                .containsExactly(pool("192.168.0.0", "192.168.0.1"));
    }

    @Test
    void slash32HasItsOneAddressPooledAndNoGateway() {
        SubnetPlan plan = plan("192.168.0.0/32", DEFAULT_GATEWAY);
        assertThat(plan.gatewayIp()).isNull();
        assertThat(plan.allocationPools()).containsExactly(pool("192.168.0.0", "192.168.0.0"));
        assertThat(plan("255.255.255.255/32", DEFAULT_GATEWAY).gatewayIp()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "172.16.0.0/12", "10.20.0.0/22", "10.0.0.0/28", "10.0.0.8/29",
            "10.0.0.8/30", "10.0.0.8/31", "10.0.0.8/32", "0.0.0.0/1"})
    void everyDefaultPlanMakesAValidSubnet(String cidr) {
        assertThat(build(cidr, plan(cidr, DEFAULT_GATEWAY)).cidr()).isEqualTo(cidr);
        assertThat(build(cidr, plan(cidr, Requested.of(null))).gatewayIp()).isNull();
    }

    @Test
    void refusesAMalformedCidrOrGateway() {
        assertRejected("cidr", () -> plan("10.0.0.0/33", DEFAULT_GATEWAY));
        assertRejected("cidr", () -> plan("10.0.0.1/24", DEFAULT_GATEWAY));
        assertRejected("gateway_ip", () -> plan("10.0.0.0/24", Requested.of("10.0.0.1/24")));
    }

    @Test
    void theSubnetRefusesAGatewayOutsideItsHostAddresses() {
        assertRejected("gateway_ip", () -> build("10.0.0.0/24", plan("10.0.0.0/24", Requested.of("10.0.1.1"))))
                .hasMessageContaining("is outside");
        assertRejected("gateway_ip", () -> build("10.0.0.0/24", plan("10.0.0.0/24", Requested.of("10.0.0.255"))))
                .hasMessageContaining("network or broadcast");
    }

    @Test
    void theSubnetRefusesGivenPoolsThatHoldTheGateway() {
        SubnetPlan plan = SubnetPlan.of("10.0.0.0/24", DEFAULT_GATEWAY,
                Requested.of(List.of(pool("10.0.0.1", "10.0.0.50"))));
        assertRejected("allocation_pools", () -> build("10.0.0.0/24", plan)).hasMessageContaining("gateway");
    }

    @Test
    void anAttributeLeftOutCarriesNoValue() {
        assertThatThrownBy(() -> new Requested<>(false, "10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Requested.of(null).given()).isTrue();
        assertThat(Requested.absent().given()).isFalse();
    }
}
