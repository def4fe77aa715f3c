package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

class L2UnicastCompilerTest {
    private final L2UnicastCompiler compiler = new L2UnicastCompiler();

    @Test
    void localMacsTakeAnySourceRemoteMacsOnlyLocalOnes() {
        assertThat(FlowDump.of(compiler, Lab.snapshot(), Lab.HV2)).containsExactly(
                "priority=200 metadata=0x64/0xffff00ffffff,eth_dst=fa:16:3e:00:01:0c actions=output:1"
                        + " cookie=L2_UNICAST:red-c",
                "priority=200 metadata=0x64/0xffff01ffffff,eth_dst=fa:16:3e:00:01:0a actions=set_field:0x64->tun_id,"
                        + "set_field:203.0.113.1->tun_dst,output:100 cookie=L2_UNICAST:red-a",
                "priority=200 metadata=0x64/0xffff01ffffff,eth_dst=fa:16:3e:00:01:0b actions=set_field:0x64->tun_id,"
                        + "set_field:203.0.113.1->tun_dst,output:100 cookie=L2_UNICAST:red-b",
                "priority=200 metadata=0xc8/0xffff00ffffff,eth_dst=fa:16:3e:00:02:0b actions=output:2"
                        + " cookie=L2_UNICAST:blue-b",
                "priority=200 metadata=0xc8/0xffff01ffffff,eth_dst=fa:16:3e:00:02:0a actions=set_field:0xc8->tun_id,"
                        + "set_field:203.0.113.1->tun_dst,output:100 cookie=L2_UNICAST:blue-a");
    }

    @Test
    void withoutATunnelOnlyLocalMacsAreKnown() {
        AgentInfo hv2 = Lab.snapshot().hosts().get("hv2");
        Snapshot noTunnel = Lab.host(Lab.snapshot(), new AgentInfo("hv2", hv2.agentType(), hv2.binary(), null, Map.of(),
                hv2.datapathId(), hv2.tunnelPorts(), Map.of(), false));

        assertThat(FlowDump.of(compiler, noTunnel, Lab.HV2)).hasSize(2).allMatch(line -> line.contains("output:")
                && !line.contains("tun_id"));
    }
}
