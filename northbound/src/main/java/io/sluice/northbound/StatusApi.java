package io.sluice.northbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sluice.controller.Controller;
import io.sluice.controller.agents.AgentRecord;
import io.sluice.controller.openflow.SwitchSession;
import io.sluice.controller.reconcile.ReconcileResult;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-only operator status under /sluice/v1: the switches connected and how their last reconciliation
 * went, and the node agents with their liveness. Tests and the demo read convergence from here.
 */
final class StatusApi {
    private final Controller controller;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    StatusApi(Controller controller) {
        this.controller = controller;
    }

    void mount(Router router) {
        router.get("/sluice/v1/switches").handler(ctx -> reply(ctx, Map.of("switches",
                controller.switches().sessions().stream().map(this::describe).toList())));
        router.get("/sluice/v1/agents").handler(ctx -> reply(ctx, Map.of("agents",
                controller.agents().agents().stream().map(this::describe).toList())));
    }

    private Map<String, Object> describe(SwitchSession session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("datapath_id", session.dpid().toString());
        view.put("host", controller.hostOf(session.dpid()).orElse(null));
        view.put("remote_address", session.remoteAddress());
        view.put("connected_at", session.connectedAt());
        view.put("ports", session.ports().size());
        view.put("packet_ins_dropped", session.packetInsDropped());
        view.put("desired_flows", controller.reconciler().desired(session.dpid())
                .map(s -> s.flows().size()).orElse(0));
        view.put("last_reconcile", controller.reconciler().lastResult(session.dpid()).map(this::describe)
                .orElse(null));
        view.put("sent_since_connect", controller.reconciler().totals(session.dpid()));
        return view;
    }

    private Map<String, Object> describe(ReconcileResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", result.at());
        view.put("dumped", result.dumped());
        view.put("flows_added", result.sent().flowsAdded());
        view.put("flows_modified", result.sent().flowsModified());
        view.put("flows_deleted", result.sent().flowsDeleted());
        view.put("group_changes", result.sent().groupChanges());
        view.put("meter_changes", result.sent().meterChanges());
        view.put("bundled", result.bundled());
        view.put("errors", result.errors().stream().map(Object::toString).toList());
        view.put("converged", result.converged());
        view.put("took_ms", result.took().toMillis());
        return view;
    }

    private Map<String, Object> describe(AgentRecord agent) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("host", agent.info().host());
        view.put("agent_type", agent.info().agentType());
        view.put("alive", controller.agents().isAlive(agent));
        view.put("connected", agent.connected());
        view.put("heartbeat_timestamp", agent.lastHeartbeat());
        view.put("datapath_id", agent.info().datapathId());
        view.put("tunnel_ip", agent.info().tunnelIp());
        return view;
    }

    private void reply(RoutingContext ctx, Object body) {
        try {
            HttpServerResponse response = ctx.response().putHeader("Content-Type", "application/json");
            response.end(json.writeValueAsString(body));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }

}
