package io.sluice.northbound.neutron;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The binding:vif_* attributes Nova and os-vif read, judged when shown: "ovs" while the binding host's Open
 * vSwitch agent is alive (os-vif then plugs a tap into br-int), "binding_failed" when the host has no agent, it
 * is dead, or (as ML2's Open vSwitch driver) the port's network is a flat or VLAN network on a physical network
 * the agent has no bridge mapping for; "unbound" with no host.
 */
final class Binding {
    private final AgentView agents;
    private final String datapathType;

    Binding(AgentView agents, String datapathType) {
        this.agents = agents;
        this.datapathType = datapathType;
    }

    /** @param network the port's network, null if it is gone */
    Map<String, Object> view(Port port, Network network, io.sluice.controller.tenant.StandardAttributes standard) {
        String vifType = vifType(port, network);
        return PortJson.view(port, standard, vifType, vifType.equals(PortJson.VIF_OVS) ? details() : Map.of());
    }

    String vifType(Port port, Network network) {
        return vifType(port.binding(), network);
    }

    /** The VIF type of one of the port's bindings (the active one, or an inactive one of binding-extended). */
    String vifType(PortBinding binding, Network network) {
        if (!binding.isBound()) {
            return PortJson.VIF_UNBOUND;
        }
        Optional<AgentView.Agent> agent = agents.agent(binding.hostId());
        boolean bindable = agent.filter(a -> a.info().agentType().equals(AgentInfo.OVS_AGENT_TYPE))
                .filter(AgentView.Agent::alive)
                .filter(a -> network == null || network.physicalNetwork() == null
                        || a.info().bridgeMappings().containsKey(network.physicalNetwork()))
                .isPresent();
        return bindable ? PortJson.VIF_OVS : PortJson.VIF_BINDING_FAILED;
    }

    /** What Neutron's Open vSwitch mechanism driver answers; Sluice's flows are the port filter. */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("port_filter", true);
        details.put("ovs_hybrid_plug", false);
        details.put("connectivity", "l2");
        details.put("bridge_name", "br-int");
        details.put("datapath_type", datapathType);
        return details;
    }
}
