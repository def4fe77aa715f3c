package io.sluice.northbound.neutron;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.tenant.Port;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The binding:vif_* attributes Nova and os-vif read, judged when shown: "ovs" while the binding host's Open
 * vSwitch agent is alive (os-vif then plugs a tap into br-int), "binding_failed" when the host has no agent or
 * it is dead, "unbound" with no host.
 */
final class Binding {
    private final AgentView agents;
    private final String datapathType;

    Binding(AgentView agents, String datapathType) {
        this.agents = agents;
        this.datapathType = datapathType;
    }

    Map<String, Object> view(Port port, io.sluice.controller.tenant.StandardAttributes standard) {
        String vifType = vifType(port);
        return PortJson.view(port, standard, vifType, vifType.equals(PortJson.VIF_OVS) ? details() : Map.of());
    }

    String vifType(Port port) {
        if (!port.binding().isBound()) {
            return PortJson.VIF_UNBOUND;
        }
        Optional<AgentView.Agent> agent = agents.agent(port.binding().hostId());
        boolean alive = agent.filter(a -> a.info().agentType().equals(AgentInfo.OVS_AGENT_TYPE))
                .map(AgentView.Agent::alive).orElse(false);
        return alive ? PortJson.VIF_OVS : PortJson.VIF_BINDING_FAILED;
    }

    /** What Neutron's Open vSwitch mechanism driver answers; Sluice's flows are the port filter. */
    private Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("port_filter", true);
        details.put("ovs_hybrid_plug", false);
        details.put("connectivity", "l2");
        details.put("bridge_name", "br-int");
        details.put("datapath_type", datapathType);
        return details;
    }
}
