package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Port;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArpResponderCompilerTest {
    private final ArpResponderCompiler compiler = new ArpResponderCompiler();

    @Test
    void everyFixedIpOfEveryReachablePortIsAnsweredButNotPairsNorUnpluggedPorts() {
        List<String> hv1 = FlowDump.of(compiler, Lab.snapshot(), Lab.HV1);

        assertThat(hv1).filteredOn(line -> line.startsWith("priority=200")).extracting(ArpResponderCompilerTest::target)
                .containsExactlyInAnyOrder("0x64 10.0.0.11", "0x64 10.0.0.12", "0x64 10.0.0.13",
                        "0xc8 10.0.0.11", "0xc8 10.0.0.12");
    }

    @Test
    void onlyLocalPortsAreExemptFromAnsweringThemselves() {
        assertThat(FlowDump.of(compiler, Lab.snapshot(), Lab.HV2)).filteredOn(line -> line.startsWith("priority=300"))
                .containsExactly(
                        "priority=300 in_port=1,metadata=0x64/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.13"
                                + " actions=goto_table:L3_VRF cookie=ARP_RESPONDER:red-c",
                        "priority=300 in_port=2,metadata=0xc8/0xffff00ffffff,eth_type=0x806,arp_op=1,arp_tpa=10.0.0.12"
                                + " actions=goto_table:L3_VRF cookie=ARP_RESPONDER:blue-b");
    }

    @Test
    void aPortWithTwoAddressesIsAnsweredForBoth() {
        Port twoIps = new Port(Lab.id(170), "red", Lab.RED.id(), "two", "fa:16:3e:00:01:70",
                List.of(new FixedIp(Lab.RED_SUBNET.id(), "10.0.0.70"), new FixedIp(Lab.RED_SUBNET.id(), "10.0.0.71")),
                "vm-two", "compute:nova", true, true, List.of(), null, null, 1);
        Snapshot snapshot = Lab.plug(Lab.snapshot(), twoIps, "hv2", 5);

        assertThat(FlowDump.of(compiler, snapshot, Lab.HV1)).filteredOn(line -> line.endsWith(":two"))
                .extracting(ArpResponderCompilerTest::target)
                .containsExactlyInAnyOrder("0x64 10.0.0.70", "0x64 10.0.0.71");
    }

    /** "network address" of a responder line. */
    private static String target(String line) {
        return line.replaceAll(".*metadata=(0x[0-9a-f]+)/.*arp_tpa=([0-9.]+).*", "$1 $2");
    }
}
