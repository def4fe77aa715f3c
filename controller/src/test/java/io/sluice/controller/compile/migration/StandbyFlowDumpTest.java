package io.sluice.controller.compile.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.FlowDump;
import io.sluice.controller.compile.l2.Lab;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A live migration's destination (hv2) readied for red-a, still carrying traffic on hv1. */
class StandbyFlowDumpTest {
    private static final PortReport READIED = Lab.plugged(Lab.RED_A, "hv2", 7);

    private static Snapshot migrating(Port port) {
        Snapshot lab = Lab.model(Lab.snapshot(), port);
        return lab.withPorts(lab.ports(), Map.of(port.id(), READIED));
    }

    @Test
    void theDestinationPuntsTheMovedVmsFirstPacketAndDeliversWhatOtherHostsSendIt() {
        Port port = Lab.RED_A.withBinding(new PortBinding("hv1", Map.of())
                .withInactive(List.of(new PortBinding("hv2", Map.of()))));
        Snapshot snapshot = migrating(port);
        assertThat(FlowDump.of(new StandbyCompiler(), snapshot, Lab.HV2)).containsExactly(
                "priority=200 in_port=7 actions=controller:128 cookie=MIGRATION:red-a",
                "priority=200 metadata=0x1000064/0xffff01ffffff,eth_dst=fa:16:3e:00:01:0a actions=output:7 "
                        + "cookie=MIGRATION:red-a");
        assertThat(FlowDump.of(new StandbyCompiler(), snapshot, Lab.HV1)).as("the source").isEmpty();
    }

    @Test
    void onAnMplsNetworkTheDestinationReceivesTheInactiveBindingsLabel() {
        Network mpls = new Network(Lab.RED.id(), "red", "red", true, false, false, NetworkType.MPLS, 100, null, 1472,
                1);
        Port port = Lab.RED_A.withBinding(new PortBinding("hv1", Map.of(), 16)
                .withInactive(List.of(new PortBinding("hv2", Map.of(), 17))));
        AgentInfo hv2 = Lab.host("hv2", 2);
        Snapshot snapshot = Lab.host(Lab.model(migrating(port), mpls), new AgentInfo(hv2.host(), hv2.agentType(),
                hv2.binary(), hv2.tunnelIp(), hv2.bridgeMappings(), hv2.datapathId(),
                Map.of(AgentInfo.VXLAN_TUNNEL, Lab.TUNNEL_PORT, AgentInfo.MPLSOGRE_TUNNEL, 101), hv2.providerPorts(),
                hv2.l3()));
        assertThat(FlowDump.of(new StandbyCompiler(), snapshot, Lab.HV2)).containsExactly(
                "priority=200 in_port=101,eth_type=0x8847,mpls_label=17 actions=pop_mpls:0x800,"
                        + "set_field:00:00:5e:00:01:00->eth_src,set_field:fa:16:3e:00:01:0a->eth_dst,output:7 "
                        + "cookie=MIGRATION:red-a",
                "priority=200 in_port=7 actions=controller:128 cookie=MIGRATION:red-a");
    }

    @Test
    void aReadiedPortWhoseOfportAnotherPortHoldsIsLeftOut() {
        Port port = Lab.RED_A.withBinding(new PortBinding("hv1", Map.of())
                .withInactive(List.of(new PortBinding("hv2", Map.of()))));
        Snapshot lab = Lab.model(Lab.snapshot(), port);
        Snapshot clash = lab.withPorts(lab.ports(), Map.of(port.id(), Lab.plugged(Lab.RED_A, "hv2", 1)));
        assertThat(new StandbyCompiler().flows(CompileContext.fresh(clash, Lab.HV2))).isEmpty();
    }
}
