package io.sluice.dataplane.agent;

import io.sluice.dataplane.testing.OvsTestBed;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * What the agent's e2e tests run one agent against: real OVS (ovsdb-server and ovs-vswitchd in a namespace)
 * and a fake controller. close() stops all of it, whatever a failed start left.
 */
final class AgentOnOvs implements AutoCloseable {
    private final OvsTestBed bed;
    private final FakeController controller;
    private NodeAgent agent;

    private AgentOnOvs(OvsTestBed bed, FakeController controller) {
        this.bed = bed;
        this.controller = controller;
    }

    /** OVS named with {@code bedPrefix}, and a listening controller that asks for heartbeats this often. */
    static AgentOnOvs start(String bedPrefix, long heartbeatIntervalMs) throws IOException, InterruptedException {
        OvsTestBed bed = OvsTestBed.startOvsdb(bedPrefix);
        FakeController controller = null;
        try {
            bed.startVswitchd();
            controller = new FakeController(heartbeatIntervalMs);
            controller.listen(0);
            return new AgentOnOvs(bed, controller);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            if (controller != null) {
                controller.close();
            }
            bed.close();
            throw e;
        }
    }

    OvsTestBed bed() {
        return bed;
    }

    FakeController controller() {
        return controller;
    }

    /**
     * The agent for this OVS and controller (not started yet), with a tunnel IP, bridge mappings and a host name
     * override; null for no tunnel or the system-id's host name.
     */
    NodeAgent agent(String tunnelIp, Map<String, String> bridgeMappings, String hostName)
            throws UnknownHostException {
        agent = new NodeAgent(new NodeAgentConfig(bed.socket(), "127.0.0.1", 6653, controller.port(), "netdev",
                tunnelIp, bridgeMappings, hostName));
        return agent;
    }

    @Override
    public void close() {
        try {
            if (agent != null) {
                agent.close();
            }
            controller.close();
        } finally {
            bed.close();
        }
    }
}
