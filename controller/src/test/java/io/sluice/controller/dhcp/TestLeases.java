package io.sluice.controller.dhcp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

/** One subnet's leases for the tests: a port with every option, and one with only the required ones. */
final class TestLeases {
    static final MacAddress CLIENT = MacAddress.of("fa:16:3e:00:00:05");
    static final MacAddress OTHER_CLIENT = MacAddress.of("fa:16:3e:00:00:06");
    static final MacAddress SERVER_MAC = MacAddress.of("fa:16:3e:00:00:02");
    static final IPv4Address IP = IPv4Address.of("10.20.0.5");
    static final IPv4Address OTHER_IP = IPv4Address.of("10.20.0.99");
    static final IPv4Address GATEWAY = IPv4Address.of("10.20.0.1");
    static final IPv4Address SERVER = IPv4Address.of("10.20.0.2");
    static final IPv4Address OTHER_SERVER = IPv4Address.of("10.20.0.3");
    static final IPv4Address DNS1 = IPv4Address.of("10.20.0.2");
    static final IPv4Address DNS2 = IPv4Address.of("203.0.113.53");
    static final List<ClasslessRoute> ROUTES = List.of(ClasslessRoute.of("10.30.0.0/16", "10.20.0.254"),
            ClasslessRoute.of("169.254.169.254/32", "10.20.0.2"));
    static final Duration ONE_DAY = Duration.ofDays(1);

    static final DhcpLease FULL = new DhcpLease(CLIENT, IP, 24, Optional.of(GATEWAY), List.of(DNS1, DNS2), ROUTES,
            1450, ONE_DAY, SERVER, SERVER_MAC, Optional.of("sluice.test"));
    static final DhcpLease MINIMAL = new DhcpLease(CLIENT, IP, 24, Optional.empty(), List.of(), List.of(), 1500,
            ONE_DAY, SERVER, SERVER_MAC, Optional.empty());

    private TestLeases() {
    }

    static DhcpLease withRoutes(DhcpLease lease, List<ClasslessRoute> routes) {
        return new DhcpLease(lease.clientMac(), lease.ip(), lease.prefixLength(), lease.gateway(), lease.dnsServers(),
                routes, lease.mtu(), lease.leaseTime(), lease.serverIp(), lease.serverMac(), lease.domainName());
    }
}
