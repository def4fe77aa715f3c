package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifyCompilerTest {
    private final ClassifyCompiler compiler = new ClassifyCompiler();
    private final Snapshot lab = Lab.snapshot();

    @Test
    void theTunnelIsAcceptedOnlyForNetworksWithAPortOnTheSwitch() {
        Snapshot blueBGone = Lab.report(lab, new PortReport(Lab.BLUE_B.id(), "hv2", 2, Lab.BLUE_B.macAddress(), false));

        assertThat(FlowDump.of(compiler, blueBGone, Lab.HV2)).containsExactly(
                "priority=100 in_port=100,tun_id=0x64 actions=write_metadata:0x1000064/0xffff01ffffff,"
                        + "goto_table:L2_FORWARD cookie=CLASSIFY:red",
                "priority=200 in_port=1 actions=write_metadata:0x64/0xffff01ffffff,goto_table:PORT_SECURITY"
                        + " cookie=CLASSIFY:red-c");
    }

    @Test
    void aSwitchWithoutAVxlanPortClassifiesOnlyItsVmPorts() {
        AgentInfo hv1 = lab.hosts().get("hv1");
        Snapshot noTunnel = Lab.host(lab, new AgentInfo("hv1", hv1.agentType(), hv1.binary(), hv1.tunnelIp(), Map.of(),
                hv1.datapathId(), Map.of(), Map.of(), false));

        assertThat(FlowDump.of(compiler, noTunnel, Lab.HV1)).hasSize(3)
                .allMatch(line -> line.contains("PORT_SECURITY"));
    }

    @Test
    void aSwitchWithoutPortsGetsNothing() {
        assertThat(compiler.flows(CompileContext.fresh(lab, Lab.HV3))).isEmpty();
    }
}
