package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.tenant.AllowedAddressPair;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Port;
import java.util.List;
import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.pipeline.MeterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortSecurityCompilerTest {
    private final PortSecurityCompiler compiler = new PortSecurityCompiler();

    @Test
    void aPairMaySendFromItsOwnMacAndAPrefix() {
        Port vrrp = new Port(Lab.id(160), "red", Lab.RED.id(), "vrrp", "fa:16:3e:00:01:60",
                List.of(new FixedIp(Lab.RED_SUBNET.id(), "10.0.0.60")), "vm-vrrp", "compute:nova", true, true,
                List.of(new AllowedAddressPair("10.0.5.0/24", "00:00:5e:00:01:01")), null, null, 1);
        Snapshot snapshot = Lab.plug(Lab.snapshot(), vrrp, "hv3", 4);

        assertThat(FlowDump.of(compiler, snapshot, Lab.HV3)).containsExactly(
                "priority=200 in_port=4,eth_src=00:00:5e:00:01:01,eth_type=0x800,ipv4_src=10.0.5.0/255.255.255.0"
                        + " actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:vrrp",
                "priority=200 in_port=4,eth_src=00:00:5e:00:01:01,eth_type=0x806,arp_spa=10.0.5.0/255.255.255.0,"
                        + "arp_sha=00:00:5e:00:01:01 actions=meter:8,goto_table:ARP_DHCP cookie=PORT_SECURITY:vrrp",
                "priority=200 in_port=4,eth_src=fa:16:3e:00:01:60,eth_type=0x800,ip_proto=0x11,ipv4_src=0.0.0.0,"
                        + "udp_src=68,udp_dst=67 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:vrrp",
                "priority=200 in_port=4,eth_src=fa:16:3e:00:01:60,eth_type=0x800,ipv4_src=10.0.0.60"
                        + " actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:vrrp",
                "priority=200 in_port=4,eth_src=fa:16:3e:00:01:60,eth_type=0x806,arp_spa=10.0.0.60,"
                        + "arp_sha=fa:16:3e:00:01:60 actions=meter:8,goto_table:ARP_DHCP cookie=PORT_SECURITY:vrrp");
    }

    @Test
    void eachVmPortHasAnArpMeterWithOrWithoutPortSecurity() {
        assertThat(compiler.meters(CompileContext.fresh(Lab.snapshot(), Lab.HV2)))
                .as("red-c policed, blue-b without port security")
                .containsExactlyInAnyOrder(new MeterSpec(2, 100, 200), new MeterSpec(4, 100, 200));
        assertThat(compiler.meters(CompileContext.fresh(Lab.snapshot(), Lab.HV1))).extracting(MeterSpec::meterId)
                .containsExactlyInAnyOrder(2L, 4L, 6L);
    }

    @Test
    void aPortWithoutPortSecurityPassesWholeButItsArpThroughItsMeter() {
        assertThat(FlowDump.of(compiler, Lab.snapshot(), Lab.HV2)).filteredOn(line -> line.contains("blue-b"))
                .containsExactly("priority=200 in_port=2 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:blue-b",
                        "priority=300 in_port=2,eth_type=0x806 actions=meter:4,goto_table:ARP_DHCP"
                                + " cookie=PORT_SECURITY:blue-b");
    }

    @Test
    void aPairRepeatingAFixedIpAddsNothing() {
        Port redA = Lab.RED_A;
        Port repeated = new Port(redA.id(), redA.projectId(), redA.networkId(), redA.name(), redA.macAddress(),
                redA.fixedIps(), redA.deviceId(), redA.deviceOwner(), true, true,
                List.of(new AllowedAddressPair("10.0.0.11", redA.macAddress())), null, null, 2);
        Snapshot snapshot = Lab.model(Lab.snapshot(), repeated);

        assertThat(FlowDump.of(compiler, snapshot, Lab.HV1)).filteredOn(line -> line.contains("red-a")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"network:router_interface", "network:router_gateway", "network:dhcp"})
    void neutronsOwnPortsAreTrustedAndPassWholeUnmetered(String owner) {
        Port trusted = new Port(Lab.id(170), "red", Lab.RED.id(), "qr", "fa:16:3e:00:01:70",
                List.of(new FixedIp(Lab.RED_SUBNET.id(), "10.0.0.1")), "router-1", owner, true, true, List.of(), null,
                null, 1);

        Snapshot snapshot = Lab.plug(Lab.snapshot(), trusted, "hv3", 5);
        assertThat(FlowDump.of(compiler, snapshot, Lab.HV3)).containsExactly(
                "priority=200 in_port=5 actions=goto_table:ARP_DHCP cookie=PORT_SECURITY:qr");
        assertThat(compiler.meters(CompileContext.fresh(snapshot, Lab.HV3))).isEmpty();
    }

    @Test
    void onlyTheNetworkPrefixIsTrusted() {
        Port vm = new Port(Lab.id(171), "red", Lab.RED.id(), "vm", "fa:16:3e:00:01:71",
                List.of(new FixedIp(Lab.RED_SUBNET.id(), "10.0.0.71")), "vm-1", "compute:network", true, true,
                List.of(), null, null, 1);

        assertThat(FlowDump.of(compiler, Lab.plug(Lab.snapshot(), vm, "hv3", 6), Lab.HV3)).hasSize(3)
                .allMatch(line -> line.contains("eth_src=fa:16:3e:00:01:71"));
    }
}
