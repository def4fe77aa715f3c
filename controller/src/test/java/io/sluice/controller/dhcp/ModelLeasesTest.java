package io.sluice.controller.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.HostsByDatapath;
import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.HostRoute;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.AllocationPool;
import io.sluice.models.tenant.TenantModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

class ModelLeasesTest {
    private static final String NET = "00000000-0000-4000-8000-0000000000aa";
    private static final String SUBNET = "00000000-0000-4000-8000-0000000000bb";
    private static final String PORT = "00000000-0000-4000-8000-000000000001";
    private static final DatapathId HV1 = DatapathId.of(1);
    private static final MacAddress VM_MAC = MacAddress.of("fa:16:3e:00:00:01");

    private static Snapshot snapshot(boolean dhcp, String gateway) {
        Network net = new Network(NET, "p1", "n", true, false, false, NetworkType.VXLAN, 1001, null, 1450, 1);
        Subnet subnet = new Subnet(SUBNET, "p1", NET, "s", "10.0.0.0/24", gateway,
                List.of(new AllocationPool("10.0.0.2", "10.0.0.200")), dhcp, List.of("203.0.113.53"),
                List.of(new HostRoute("10.30.0.0/16", "10.0.0.254")), 1);
        Port port = new Port(PORT, "p1", NET, "", VM_MAC.toString(), List.of(new FixedIp(SUBNET, "10.0.0.5")), "vm",
                "compute:nova", true, true, List.of(), new PortBinding("hv1", Map.of()), PortStatus.DOWN, 1);
        AgentInfo hv1 = new AgentInfo("hv1", AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "100.64.0.11",
                Map.of(), "0000000000000001", Map.of("vxlan", 100), Map.of(), false);
        return new Snapshot(Map.of("hv1", hv1), Map.of(PORT, new PortReport(PORT, "hv1", 10, VM_MAC.toString(), true)),
                TenantModel.of(3, List.of(net), List.of(subnet), List.of(port)), OperatorFlows.NONE);
    }

    @Test
    void thePortPluggedOnTheIngressPortGetsItsAddressAndItsSubnetsSettings() {
        DhcpLease lease = leases(snapshot(true, "10.0.0.1")).leaseFor(HV1, OFPort.of(10), VM_MAC).orElseThrow();

        assertThat(lease.ip()).isEqualTo(IPv4Address.of("10.0.0.5"));
        assertThat(lease.prefixLength()).isEqualTo(24);
        assertThat(lease.gateway()).contains(IPv4Address.of("10.0.0.1"));
        assertThat(lease.serverIp()).isEqualTo(IPv4Address.of("10.0.0.1"));
        assertThat(lease.mtu()).isEqualTo(1450);
        assertThat(lease.dnsServers()).containsExactly(IPv4Address.of("203.0.113.53"));
        assertThat(lease.hostRoutes()).containsExactly(ClasslessRoute.of("10.30.0.0/16", "10.0.0.254"));
    }

    @Test
    void withoutAGatewayTheServerTakesTheLastHostAddress() {
        DhcpLease lease = leases(snapshot(true, null)).leaseFor(HV1, OFPort.of(10), VM_MAC).orElseThrow();
        assertThat(lease.gateway()).isEmpty();
        assertThat(lease.serverIp()).isEqualTo(IPv4Address.of("10.0.0.254"));
    }

    @Test
    void nothingForAnotherMacAnotherPortAnUnknownSwitchOrASubnetWithoutDhcp() {
        ModelLeases leases = leases(snapshot(true, "10.0.0.1"));
        assertThat(leases.leaseFor(HV1, OFPort.of(10), MacAddress.of("fa:16:3e:00:00:99"))).isEmpty();
        assertThat(leases.leaseFor(HV1, OFPort.of(11), VM_MAC)).isEmpty();
        assertThat(leases.leaseFor(DatapathId.of(2), OFPort.of(10), VM_MAC)).isEmpty();
        assertThat(leases(snapshot(false, "10.0.0.1")).leaseFor(HV1, OFPort.of(10), VM_MAC))
                .isEqualTo(Optional.empty());
    }

    /** One instance across snapshots, as the controller's: its index of the reports follows each change. */
    @Test
    void aPortMovedUnpluggedOrPluggedAgainIsFoundWhereItsReportNowIs() {
        Snapshot plugged = snapshot(true, "10.0.0.1");
        AtomicReference<Snapshot> current = new AtomicReference<>(plugged);
        ModelLeases leases = new ModelLeases(current::get, new HostsByDatapath());
        assertThat(leases.leaseFor(HV1, OFPort.of(10), VM_MAC)).isPresent();

        current.set(plugged.withPorts(PersistentMaps.of(plugged.ports()).plus(PORT,
                new PortReport(PORT, "hv1", 12, VM_MAC.toString(), true))));
        assertThat(leases.leaseFor(HV1, OFPort.of(10), VM_MAC)).as("its old OpenFlow port").isEmpty();
        assertThat(leases.leaseFor(HV1, OFPort.of(12), VM_MAC)).as("its new one").isPresent();

        current.set(current.get().withPorts(PersistentMaps.of(current.get().ports()).plus(PORT,
                new PortReport(PORT, "hv1", 12, VM_MAC.toString(), false))));
        assertThat(leases.leaseFor(HV1, OFPort.of(12), VM_MAC)).as("its interface gone").isEmpty();

        current.set(plugged.withPorts(Map.of(PORT, new PortReport(PORT, "hv1", 10, VM_MAC.toString(), true))));
        assertThat(leases.leaseFor(HV1, OFPort.of(10), VM_MAC)).as("reports of another line: compared whole")
                .isPresent();
        assertThat(leases.leaseFor(HV1, OFPort.of(12), VM_MAC)).isEmpty();
    }

    private static ModelLeases leases(Snapshot snapshot) {
        return new ModelLeases(() -> snapshot, new HostsByDatapath());
    }
}
