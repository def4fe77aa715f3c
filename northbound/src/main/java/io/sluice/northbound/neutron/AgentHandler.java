package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.TenantModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * /v2.0/agents: the node agents as Neutron's agent extension lists them (openstack network agent list), read
 * from the controller's registry; the admin's to see, as in Neutron. A network node (l3) is listed a second time as
 * its "L3 agent", with the same liveness; the l3_agent_scheduler calls show which routers each hosts. An agent's id
 * is derived from its host and type, so it is the same across restarts of either end.
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
    private final TenantRepository repository;

    AgentHandler(AgentView agents, TenantRepository repository) {
        this.agents = agents;
        this.repository = repository;
    }

    /** A member's list is empty: Neutron's policy hides every agent from it. */
    Reply list(Call call) {
        return Resources.list(call, SCHEMA, call.policy().isAdmin() ? views(repository.state().model()) : List.of());
    }

    Reply show(Call call) {
        requireAdmin(call, "get_agent");
        return Resources.show(call, SCHEMA, "agent", find(repository.state().model(), call.id()));
    }

    /** GET /v2.0/routers/{id}/l3-agents: the L3 agent hosting the router, if it is scheduled. */
    Reply routerAgents(Call call) {
        TenantState state = repository.state();
        Router router = RouterHandler.visible(call, state, call.id());
        requireAdmin(call, "get_l3-agents");
        String host = state.model().routerHosts().get(router.id());
        List<Map<String, Object>> hosting = new ArrayList<>();
        agents.agents().stream().filter(a -> a.info().l3() && a.info().host().equals(host)).forEach(a -> {
            Map<String, Object> view = l3View(state.model(), a);
            view.put("ha_state", null);
            hosting.add(view);
        });
        return Reply.ok(Map.of("agents", hosting));
    }

    /** GET /v2.0/agents/{id}/l3-routers: the routers an L3 agent hosts (none for an Open vSwitch agent). */
    Reply agentRouters(Call call) {
        requireAdmin(call, "get_l3-routers");
        TenantState state = repository.state();
        Map<String, Object> agent = find(state.model(), call.id());
        List<Map<String, Object>> routers = !AgentInfo.L3_AGENT_TYPE.equals(agent.get("agent_type")) ? List.of()
                : state.model().routers().values().stream()
                .filter(r -> agent.get("host").equals(state.model().routerHosts().get(r.id())))
                .map(r -> RouterHandler.view(state, r)).toList();
        return Reply.ok(Map.of("routers", routers));
    }

    static String id(AgentInfo info) {
        return id(info.agentType(), info.host());
    }

    private static String id(String agentType, String host) {
        return UUID.nameUUIDFromBytes(("agent/" + agentType + "/" + host).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private List<Map<String, Object>> views(TenantModel model) {
        List<Map<String, Object>> views = new ArrayList<>();
        for (AgentView.Agent agent : agents.agents()) {
            views.add(view(agent));
            if (agent.info().l3()) {
                views.add(l3View(model, agent));
            }
        }
        return views;
    }

    private Map<String, Object> find(TenantModel model, String id) {
        return views(model).stream().filter(v -> v.get("id").equals(id)).findFirst()
                .orElseThrow(() -> SCHEMA.notFound().apply(id));
    }

    /** The host's L3 agent: the same host and liveness, Neutron's configuration of a legacy-mode agent. */
    private static Map<String, Object> l3View(TenantModel model, AgentView.Agent agent) {
        String host = agent.info().host();
        List<String> routers = model.routerHosts().entrySet().stream().filter(e -> e.getValue().equals(host))
                .map(Map.Entry::getKey).toList();
        Map<String, Object> configurations = new LinkedHashMap<>();
        configurations.put("agent_mode", "legacy");
        configurations.put("routers", routers.size());
        configurations.put("ex_gw_ports", routers.stream().map(model.routers()::get)
                .filter(r -> r != null && r.externalGateway() != null).count());
        configurations.put("interfaces", routers.stream()
                .mapToLong(r -> L3Topology.interfaces(model, r).size()).sum());
        configurations.put("floating_ips", model.floatingIps().values().stream()
                .filter(f -> f.routerId() != null && routers.contains(f.routerId())).count());
        Map<String, Object> view = view(agent);
        view.put("id", id(AgentInfo.L3_AGENT_TYPE, host));
        view.put("agent_type", AgentInfo.L3_AGENT_TYPE);
        view.put("binary", AgentInfo.L3_AGENT_BINARY);
        view.put("topic", "l3_agent");
        view.put("configurations", configurations);
        return view;
    }

    /** Neutron's names for the tunnels the agent's br-int has: "vxlan", and "gre" for the MPLS-over-GRE port. */
    private static List<String> tunnelTypes(AgentInfo info) {
        List<String> types = new ArrayList<>();
        if (info.tunnelPorts().containsKey(AgentInfo.VXLAN_TUNNEL)) {
            types.add("vxlan");
        }
        if (info.tunnelPorts().containsKey(AgentInfo.MPLSOGRE_TUNNEL)) {
            types.add("gre");
        }
        return types;
    }

    private static Map<String, Object> view(AgentView.Agent agent) {
        AgentInfo info = agent.info();
        Map<String, Object> configurations = new LinkedHashMap<>();
        configurations.put("tunneling_ip", info.tunnelIp());
        configurations.put("tunnel_types", tunnelTypes(info));
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
