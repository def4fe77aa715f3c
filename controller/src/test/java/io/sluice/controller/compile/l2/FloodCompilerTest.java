package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.tenant.Port;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

class FloodCompilerTest {
    private final FloodCompiler compiler = new FloodCompiler();

    @Test
    void aPeerWithSeveralPortsGetsOneCopy() {
        Port redF = Lab.port(106, "red-f", Lab.RED, Lab.RED_SUBNET, "fa:16:3e:00:01:0f", "10.0.0.16", true, List.of());
        Snapshot snapshot = Lab.plug(Lab.snapshot(), redF, "hv2", 6);

        assertThat(groups(snapshot, Lab.HV1)).contains("group_id=0x1000064,type=all,bucket=output:1,bucket=output:2,"
                + "bucket=set_field:0x64->tun_id,set_field:203.0.113.2->tun_dst,output:100");
    }

    @Test
    void whatCameFromTheTunnelFloodsOnlyToLocalPorts() {
        Port redE = Lab.port(105, "red-e", Lab.RED, Lab.RED_SUBNET, "fa:16:3e:00:01:0e", "10.0.0.15", true, List.of());
        Snapshot threeHosts = Lab.plug(Lab.snapshot(), redE, "hv3", 1);

        assertThat(groups(threeHosts, Lab.HV2)).contains(
                "group_id=0x1000064,type=all,bucket=output:1,bucket=set_field:0x64->tun_id,"
                        + "set_field:203.0.113.1->tun_dst,output:100,bucket=set_field:0x64->tun_id,"
                        + "set_field:203.0.113.3->tun_dst,output:100",
                "group_id=0x2000064,type=all,bucket=output:1");
    }

    @Test
    void aSwitchWithoutATunnelFloodsLocallyWithOneGroupPerNetwork() {
        AgentInfo hv1 = Lab.snapshot().hosts().get("hv1");
        Snapshot noTunnel = Lab.host(Lab.snapshot(), new AgentInfo("hv1", hv1.agentType(), hv1.binary(), hv1.tunnelIp(),
                Map.of(), hv1.datapathId(), Map.of(), Map.of(), false));

        assertThat(groups(noTunnel, Lab.HV1)).containsExactly(
                "group_id=0x1000064,type=all,bucket=output:1,bucket=output:2",
                "group_id=0x10000c8,type=all,bucket=output:3");
        assertThat(FlowDump.of(compiler, noTunnel, Lab.HV1)).containsExactly(
                "priority=100 metadata=0x64/0xffff01ffffff actions=group:0x1000064 cookie=L2_FLOOD:red",
                "priority=100 metadata=0xc8/0xffff01ffffff actions=group:0x10000c8 cookie=L2_FLOOD:blue");
    }

    @Test
    void groupIdsComeFromTheVniAlone() {
        assertThat(FloodCompiler.fromPortGroup(100)).isEqualTo(0x1000064L);
        assertThat(FloodCompiler.fromOutsideGroup(100)).isEqualTo(0x2000064L);
        assertThat(FloodCompiler.fromOutsideGroup(0xFFFFFF)).isLessThan(0xFFFFFF00L);
        assertThat(compiler.groups(CompileContext.fresh(Lab.snapshot(), Lab.HV2))).extracting(GroupSpec::groupId)
                .containsExactlyInAnyOrderElementsOf(compiler.groups(CompileContext.fresh(Lab.snapshot(), Lab.HV1))
                        .stream().map(GroupSpec::groupId).toList());
    }

    @Test
    void providerGroupRangesLieAboveVxlanOnesAndApart() {
        long lastVxlan = FloodCompiler.fromOutsideGroup(Metadata.overlay(0xFFFFFF));
        long firstProviderFromPort = FloodCompiler.fromPortGroup(Metadata.provider(1, OptionalInt.empty()));
        long lastProviderFromPort = FloodCompiler.fromPortGroup(Metadata.provider(0xFFFF, OptionalInt.of(4094)));
        long firstProviderFromOutside = FloodCompiler.fromOutsideGroup(Metadata.provider(1, OptionalInt.empty()));
        long lastProviderFromOutside = FloodCompiler.fromOutsideGroup(Metadata.provider(0xFFFF, OptionalInt.of(4094)));

        assertThat(lastVxlan).isLessThan(firstProviderFromPort);
        assertThat(lastProviderFromPort).isLessThan(firstProviderFromOutside);
        assertThat(lastProviderFromOutside).isLessThan(0xFFFFFF00L);
        assertThat(FloodCompiler.fromPortGroup(Metadata.provider(7, OptionalInt.of(101)))).isEqualTo(0x10007065L);
    }

    private List<String> groups(Snapshot snapshot, DatapathId dpid) {
        return compiler.groups(CompileContext.fresh(snapshot, dpid)).stream().map(FlowDump::group).sorted().toList();
    }
}
