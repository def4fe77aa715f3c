package io.sluice.controller.dhcp;

import static io.sluice.controller.dhcp.TestLeases.CLIENT;
import static io.sluice.controller.dhcp.TestLeases.GATEWAY;
import static io.sluice.controller.dhcp.TestLeases.IP;
import static io.sluice.controller.dhcp.TestLeases.ONE_DAY;
import static io.sluice.controller.dhcp.TestLeases.SERVER;
import static io.sluice.controller.dhcp.TestLeases.SERVER_MAC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

class DhcpLeaseTest {
    private static DhcpLease lease(MacAddress mac, IPv4Address ip, int prefix, List<IPv4Address> dns,
                                   List<ClasslessRoute> routes, int mtu, Duration time, Optional<String> domain) {
        return new DhcpLease(mac, ip, prefix, Optional.of(GATEWAY), dns, routes, mtu, time, SERVER, SERVER_MAC,
                domain);
    }

    private static DhcpLease lease(int prefix, int mtu, Duration time) {
        return lease(CLIENT, IP, prefix, List.of(), List.of(), mtu, time, Optional.empty());
    }

    @Test
    void derivesTheSubnetMask() {
        assertThat(lease(24, 1500, ONE_DAY).subnetMask()).isEqualTo(IPv4Address.of("255.255.255.0"));
        assertThat(lease(32, 1500, ONE_DAY).subnetMask()).isEqualTo(IPv4Address.of("255.255.255.255"));
    }

    @Test
    void acceptsTheLimits() {
        lease(1, 68, Duration.ofSeconds(1));
        lease(32, 65535, Duration.ofSeconds(0xFFFF_FFFEL));
        lease(CLIENT, IP, 24, Collections.nCopies(63, GATEWAY), List.of(), 1500, ONE_DAY,
                Optional.of("a".repeat(255)));
    }

    @Test
    void rejectsValuesDhcpCannotCarry() {
        assertThatThrownBy(() -> lease(0, 1500, ONE_DAY)).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> lease(33, 1500, ONE_DAY)).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> lease(24, 67, ONE_DAY)).hasMessageContaining("MTU");
        assertThatThrownBy(() -> lease(24, 65536, ONE_DAY)).hasMessageContaining("MTU");
        assertThatThrownBy(() -> lease(24, 1500, Duration.ZERO)).hasMessageContaining("lease time");
        assertThatThrownBy(() -> lease(24, 1500, Duration.ofSeconds(0xFFFF_FFFFL))).hasMessageContaining("lease time");
        assertThatThrownBy(() -> lease(CLIENT, IP, 24, Collections.nCopies(64, GATEWAY), List.of(), 1500, ONE_DAY,
                Optional.empty())).hasMessageContaining("option 6");
        List<ClasslessRoute> routes = IntStream.range(0, 28)
                .mapToObj(i -> ClasslessRoute.of("10.99." + i + ".1/32", "10.20.0.254")).toList();
        assertThatThrownBy(() -> lease(CLIENT, IP, 24, List.of(), routes, 1500, ONE_DAY, Optional.empty()))
                .hasMessageContaining("option 121");
        assertThatThrownBy(() -> lease(CLIENT, IP, 24, List.of(), List.of(), 1500, ONE_DAY, Optional.of("dömain")))
                .hasMessageContaining("domain");
        assertThatThrownBy(() -> lease(CLIENT, IP, 24, List.of(), List.of(), 1500, ONE_DAY, Optional.of("")))
                .hasMessageContaining("domain");
    }

    @Test
    void rejectsAddressesThatCannotBeTheClients() {
        assertThatThrownBy(() -> lease(MacAddress.BROADCAST, IP, 24, List.of(), List.of(), 1500, ONE_DAY,
                Optional.empty())).hasMessageContaining("unicast");
        assertThatThrownBy(() -> lease(CLIENT, SERVER, 24, List.of(), List.of(), 1500, ONE_DAY, Optional.empty()))
                .hasMessageContaining("taken");
        assertThatThrownBy(() -> lease(CLIENT, GATEWAY, 24, List.of(), List.of(), 1500, ONE_DAY, Optional.empty()))
                .hasMessageContaining("taken");
    }

    @Test
    void routesArePrefixes() {
        ClasslessRoute route = ClasslessRoute.of("10.30.0.1/16", "10.20.0.254");
        assertThat(route.prefixLength()).isEqualTo(16);
        assertThat(route.destination().getValue()).isEqualTo(IPv4Address.of("10.30.0.0"));
        assertThatThrownBy(() -> ClasslessRoute.of("10.30.0.0/255.0.255.0", "10.20.0.254"))
                .hasMessageContaining("CIDR");
    }
}
