package io.sluice.controller.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.agent.AgentInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

/** The index finds what {@link Snapshot#hostOf}'s scan finds, also when hosts change or two claim one switch. */
class HostsByDatapathTest {
    @Test
    void everyDatapathResolvesAsTheSnapshotsScanDoes() {
        Random random = new Random(7);
        HostsByDatapath index = new HostsByDatapath();
        Map<String, AgentInfo> hosts = new LinkedHashMap<>();
        for (int step = 0; step < 200; step++) {
            String host = "hv" + random.nextInt(8);
            String dpid = random.nextInt(5) == 0 ? null : String.format("%016x", 1 + random.nextInt(6));
            hosts.put(host, new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "100.64.0.1",
                    Map.of(), dpid, Map.of(), Map.of(), false));
            Snapshot snapshot = new Snapshot(hosts, Map.of(), Snapshot.EMPTY.tenants(), OperatorFlows.NONE);
            for (int d = 0; d <= 7; d++) {
                DatapathId datapath = DatapathId.of(d);
                assertThat(index.hostOf(snapshot, datapath)).as("step %d, datapath %d", step, d)
                        .isEqualTo(snapshot.hostOf(datapath));
            }
        }
    }
}
