package io.sluice.models.tenant;

import static io.sluice.models.tenant.TenantFixtures.NETWORK;
import static io.sluice.models.tenant.TenantFixtures.PORT;
import static io.sluice.models.tenant.TenantFixtures.PROJECT;
import static io.sluice.models.tenant.TenantFixtures.SUBNET;
import static io.sluice.models.tenant.ValidationAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.agent.PortReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortTest {
    private static Port port(String mac, List<FixedIp> fixedIps) {
        return new Port(PORT, PROJECT, NETWORK, "p", mac, fixedIps, "vm", "compute:nova", true, true, null, null,
                null, 1);
    }

    @Test
    void defaultsBindingStatusAndLists() {
        Port port = new Port(PORT, PROJECT, NETWORK, null, "FA:16:3E:00:00:01", null, null, null, true, true, null,
                null, null, 1);
        assertThat(port.macAddress()).isEqualTo("fa:16:3e:00:00:01");
        assertThat(port.fixedIps()).isEmpty();
        assertThat(port.allowedAddressPairs()).isEmpty();
        assertThat(port.binding()).isEqualTo(PortBinding.UNBOUND);
        assertThat(port.status()).isEqualTo(PortStatus.DOWN);
        assertThat(port.withStatus(PortStatus.ACTIVE).status()).isEqualTo(PortStatus.ACTIVE);
    }

    /** As ports read from JSON hold them: each string a copy of its own. */
    private static Port portFromCopies(String id, String mac, String host) {
        return new Port(new String(id), new String(PROJECT), new String(NETWORK), "p", new String(mac),
                List.of(new FixedIp(new String(SUBNET), "10.0.0.5")), "vm", new String("compute:nova"), true, true,
                null, new PortBinding(new String(host), Map.of()), null, 1);
    }

    @Test
    void valuesManyRecordsRepeatAreHeldOnce() {
        Port one = portFromCopies(PORT, "fa:16:3e:00:00:01", "hv1");
        Port other = portFromCopies("00000000-0000-4000-8000-000000000777", "fa:16:3e:00:00:02", "hv1");
        PortReport report = new PortReport(new String(PORT), new String("hv1"), 3, new String("fa:16:3e:00:00:01"),
                true);

        assertThat(one.networkId()).isSameAs(other.networkId()).isEqualTo(NETWORK);
        assertThat(one.projectId()).isSameAs(other.projectId());
        assertThat(one.deviceOwner()).isSameAs(other.deviceOwner());
        assertThat(one.fixedIps().get(0).subnetId()).isSameAs(other.fixedIps().get(0).subnetId());
        assertThat(one.binding().hostId()).isSameAs(other.binding().hostId()).isSameAs(report.host());
        assertThat(report.portId()).isSameAs(one.id());
        assertThat(report.attachedMac()).isSameAs(one.macAddress());
    }

    @Test
    void refusesBadIds() {
        assertRejected("id", () -> new Port("p1", PROJECT, NETWORK, "p", "fa:16:3e:00:00:01", null, null, null, true,
                true, null, null, null, 1));
        assertRejected("network_id", () -> new Port(PORT, PROJECT, "net", "p", "fa:16:3e:00:00:01", null, null, null,
                true, true, null, null, null, 1));
    }

    @Test
    void refusesOverlongNames() {
        assertRejected("device_owner", () -> new Port(PORT, PROJECT, NETWORK, "p", "fa:16:3e:00:00:01", null, null,
                "o".repeat(256), true, true, null, null, null, 1));
        assertRejected("device_id", () -> new Port(PORT, PROJECT, NETWORK, "p", "fa:16:3e:00:00:01", null,
                "d".repeat(256), null, true, true, null, null, null, 1));
        assertRejected("binding:host_id", () -> new PortBinding("h".repeat(256), Map.of()));
    }

    @Test
    void refusesABadMac() {
        assertRejected("mac_address", () -> port("fa:16:3e:00:01", List.of()))
                .hasMessageContaining("is not a valid MAC address");
        assertRejected("mac_address", () -> port(null, List.of()));
        assertRejected("mac_address", () -> port("00:00:00:00:00:00", List.of()));
    }

    @Test
    void refusesAMulticastMac() {
        assertRejected("mac_address", () -> port("01:00:5e:00:00:fb", List.of()))
                .hasMessageContaining("is a multicast MAC address");
    }

    @Test
    void refusesTheSameFixedIpTwice() {
        assertRejected("fixed_ips", () -> port("fa:16:3e:00:00:01",
                List.of(new FixedIp(SUBNET, "10.0.0.5"), new FixedIp(SUBNET, "10.0.0.5"))))
                .hasMessageContaining("the same address twice");
        assertThat(port("fa:16:3e:00:00:01", List.of(new FixedIp(SUBNET, "10.0.0.5"), new FixedIp(SUBNET,
                "10.0.0.6"))).fixedIps()).hasSize(2);
    }

    @Test
    void refusesABadFixedIp() {
        assertRejected("fixed_ips.subnet_id", () -> new FixedIp("subnet", "10.0.0.5"));
        assertRejected("fixed_ips.ip_address", () -> new FixedIp(SUBNET, "10.0.0.5/32"));
    }

    @Test
    void bindingKnowsWhetherItIsBound() {
        assertThat(new PortBinding(null, null)).isEqualTo(PortBinding.UNBOUND);
        assertThat(PortBinding.UNBOUND.isBound()).isFalse();
        assertThat(new PortBinding("compute1", Map.of("migrating_to", "compute2")).isBound()).isTrue();
    }
}
