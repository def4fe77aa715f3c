package io.sluice.northbound.neutron;

import io.sluice.models.agent.AgentInfo;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * /v2.0/agents: the node agents as Neutron's agent extension lists them (openstack network agent list), read
 * from the controller's registry; the admin's to see, as in Neutron. An agent's id is derived from its host and type,
 * so it is the same across restarts of either end.
 */
final class AgentHandler {
    static final Schema SCHEMA = new Schema("agents", Map.ofEntries(
            Map.entry("id", Schema.Kind.STRING), Map.entry("host", Schema.Kind.STRING),
            Map.entry("agent_type", Schema.Kind.STRING), Map.entry("binary", Schema.Kind.STRING),
            Map.entry("topic", Schema.Kind.STRING), Map.entry("alive", Schema.Kind.BOOLEAN),
            Map.entry("admin_state_up", Schema.Kind.BOOLEAN), Map.entry("availability_zone", Schema.Kind.STRING),
            Map.entry("heartbeat_timestamp", Schema.Kind.STRING), Map.entry("created_at", Schema.Kind.STRING),
            Map.entry("started_at", Schema.Kind.STRING), Map.entry("description", Schema.Kind.STRING),
            Map.entry("configurations", Schema.Kind.COMPLEX), Map.entry("resources_synced", Schema.Kind.BOOLEAN)),
            Map.of(), id -> ApiError.notFound("AgentNotFound", "Agent " + id + " could not be found."));

    private final AgentView agents;

    AgentHandler(AgentView agents) {
        this.agents = agents;
    }

    /** A member's list is empty: Neutron's policy hides every agent from it. */
    Reply list(Call call) {
        return Resources.list(call, SCHEMA, call.policy().isAdmin()
                ? agents.agents().stream().map(AgentHandler::view).toList() : List.of());
    }

    Reply show(Call call) {
        requireAdmin(call, "get_agent");
        Map<String, Object> view = agents.agents().stream().map(AgentHandler::view)
                .filter(v -> v.get("id").equals(call.id())).findFirst()
                .orElseThrow(() -> SCHEMA.notFound().apply(call.id()));
        return Resources.show(call, SCHEMA, "agent", view);
    }

    static String id(AgentInfo info) {
        return UUID.nameUUIDFromBytes(("agent/" + info.agentType() + "/" + info.host())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Map<String, Object> view(AgentView.Agent agent) {
        AgentInfo info = agent.info();
        Map<String, Object> configurations = new LinkedHashMap<>();
        configurations.put("tunneling_ip", info.tunnelIp());
        configurations.put("tunnel_types", List.of("vxlan"));
        configurations.put("bridge_mappings", info.bridgeMappings());
        configurations.put("integration_bridge", "br-int");
        configurations.put("datapath_id", info.datapathId());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id(info));
        view.put("agent_type", info.agentType());
        view.put("binary", info.binary());
        view.put("host", info.host());
        view.put("topic", "N/A");
        view.put("availability_zone", null);
        view.put("alive", agent.alive());
        view.put("admin_state_up", true);
        view.put("heartbeat_timestamp", Views.agentTime(agent.lastHeartbeat()));
        view.put("created_at", Views.agentTime(agent.registeredAt()));
        view.put("started_at", Views.agentTime(agent.registeredAt()));
        view.put("description", null);
        view.put("resources_synced", null);
        view.put("configurations", configurations);
        return view;
    }

    private static void requireAdmin(Call call, String rule) {
        if (!call.policy().isAdmin()) {
            throw ApiError.policy("rule:" + rule);
        }
    }
}
