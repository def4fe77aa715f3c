package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.pipeline.MeterSpec;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Subnet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpPuntCompilerTest {
    private final DhcpPuntCompiler compiler = new DhcpPuntCompiler();

    @Test
    void onlyPortsWithAnAddressOnADhcpSubnetArePunted() {
        assertThat(FlowDump.of(compiler, Lab.snapshot(), Lab.HV2)).containsExactly(
                "priority=200 in_port=1,eth_type=0x800,ip_proto=0x11,udp_src=68,udp_dst=67"
                        + " actions=meter:3,controller:65535"
                        + " cookie=DHCP_PUNT:red-c");
    }

    @Test
    void eachPuntedPortHasADhcpMeterAsStrictAsTheDhcpServer() {
        assertThat(compiler.meters(CompileContext.fresh(Lab.snapshot(), Lab.HV2)))
                .containsExactly(new MeterSpec(3, 10, 20));
        assertThat(compiler.meters(CompileContext.fresh(Lab.snapshot(), Lab.HV1))).extracting(MeterSpec::meterId)
                .containsExactly(3L, 5L);
    }

    @Test
    void oneDhcpSubnetAmongSeveralIsEnough() {
        Subnet blueDhcp = new Subnet(Lab.id(13), "blue", Lab.BLUE.id(), "blue-dhcp", "10.1.0.0/24", null, List.of(),
                true, List.of(), List.of(), 1);
        Port twoSubnets = new Port(Lab.id(180), "blue", Lab.BLUE.id(), "dual", "fa:16:3e:00:02:80",
                List.of(new FixedIp(Lab.BLUE_SUBNET.id(), "10.0.0.80"), new FixedIp(blueDhcp.id(), "10.1.0.80")),
                "vm-dual", "compute:nova", true, true, List.of(), null, null, 1);
        Port noAddress = new Port(Lab.id(181), "blue", Lab.BLUE.id(), "bare", "fa:16:3e:00:02:81", List.of(),
                "vm-bare", "compute:nova", true, true, List.of(), null, null, 1);
        Snapshot snapshot = Lab.plug(Lab.plug(Lab.model(Lab.snapshot(), blueDhcp), twoSubnets, "hv3", 1),
                noAddress, "hv3", 2);

        assertThat(FlowDump.of(compiler, snapshot, Lab.HV3)).singleElement().asString()
                .startsWith("priority=200 in_port=1,")
                .endsWith("cookie=DHCP_PUNT:dual");
    }
}
