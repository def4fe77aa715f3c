package io.sluice.northbound.viewer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.controller.Controller;
import io.sluice.controller.agents.AgentRegistry;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.TenantModel;
import io.sluice.northbound.keystone.AuthContext;
import io.sluice.northbound.keystone.KeystoneService;
import io.sluice.northbound.keystone.TokenValidator;
import io.sluice.northbound.neutron.Policy;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The tenant topology viewer: its page under {@code /viewer/} (login at {@code /viewer/v3/auth/tokens}, Keystone's
 * own password login on the page's origin), and under {@code /sluice/v1} what the page reads beside the Neutron
 * API: {@code topology} (segments, bindings, hosts and their health), {@code topology/events} (Server-Sent
 * Events when any of it changes) and {@code ports/ID/flows} (the flows Sluice owns for a port, for the admin or
 * the port's project). Every call needs a Keystone token in X-Auth-Token.
 */
public final class ViewerApi implements AutoCloseable {
    static final String LOGIN_PATH = "/viewer/v3/auth/tokens";
    /** How often host health is compared with the last check: well under the agents' down time. */
    private static final long HEALTH_CHECK_MILLIS = 500;
    /** A comment line on idle streams, so proxies and browsers keep them open. */
    private static final long KEEPALIVE_MILLIS = 15_000;

    private final Controller controller;
    private final TokenValidator tokens;
    private final KeystoneService keystone;
    private final Map<String, String> projectNames;
    private final ViewerAssets assets = ViewerAssets.fromClasspath();
    private final TopologyEvents events;
    private final ObjectMapper json = new ObjectMapper();
    private AutoCloseable modelWatch;

    public ViewerApi(Controller controller, KeystoneService keystone, Map<String, String> projectNames) {
        this.controller = controller;
        this.tokens = keystone.validator();
        this.keystone = keystone;
        this.projectNames = Map.copyOf(projectNames);
        this.events = new TopologyEvents(this::health);
    }

    public void mount(Vertx vertx, Router router) {
        // The page's files are named relative to /viewer/: without the slash they would not load.
        router.routeWithRegex(HttpMethod.GET, "/viewer").handler(ctx -> ctx.redirect("/viewer/"));
        router.get("/viewer/:file?").handler(ctx -> assets.serve(ctx, Optional.ofNullable(ctx.pathParam("file"))
                .orElse("")));
        keystone.mountLogin(router, LOGIN_PATH);
        router.get("/sluice/v1/topology").handler(this::topology);
        router.get("/sluice/v1/topology/events").handler(this::stream);
        router.get("/sluice/v1/ports/:id/flows").handler(this::portFlows);
        modelWatch = controller.tenants().watch(events::modelChanged);
        vertx.setPeriodic(HEALTH_CHECK_MILLIS, id -> events.checkHealth());
    }

    private void topology(RoutingContext ctx) {
        authenticated(ctx).ifPresent(auth -> write(ctx, 200, TopologyView.of(controller.tenants().current(),
                health(), new Policy(auth), projectNames, auth.userName(), auth.projectId())));
    }

    private void stream(RoutingContext ctx) {
        Optional<AuthContext> auth = authenticated(ctx);
        if (auth.isEmpty()) {
            return;
        }
        Policy policy = new Policy(auth.get());
        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        Context context = ctx.vertx().getOrCreateContext();
        Runnable unsubscribe = events.subscribe(new TopologyEvents.Subscriber() {
            @Override
            public Policy policy() {
                return policy;
            }

            @Override
            public void send(String event, Map<String, Object> data) {
                String frame = "event: " + event + "\ndata: " + text(data) + "\n\n";
                context.runOnContext(v -> {
                    if (!response.closed()) {
                        response.write(frame);
                    }
                });
            }
        });
        long keepalive = ctx.vertx().setPeriodic(KEEPALIVE_MILLIS, id -> response.write(": keepalive\n\n"));
        response.closeHandler(v -> {
            ctx.vertx().cancelTimer(keepalive);
            unsubscribe.run();
        });
        // Tells the page the stream is open: what it loads from now on cannot miss a change.
        response.write("event: ready\ndata: {}\n\n");
    }

    private void portFlows(RoutingContext ctx) {
        Optional<AuthContext> auth = authenticated(ctx);
        if (auth.isEmpty()) {
            return;
        }
        String portId = ctx.pathParam("id");
        TenantModel model = controller.tenants().current();
        Port port = isUuid(portId) ? model.ports().get(portId) : null;
        if (port == null || !new Policy(auth.get()).owns(port.projectId())) {
            error(ctx, 404, "Port " + portId + " could not be found.");
            return;
        }
        List<Map<String, Object>> switches = new ArrayList<>();
        String home = port.binding().hostId();
        controller.snapshot().hostDatapaths().entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> a.equals(home) ? -1 : b.equals(home) ? 1 : a.compareTo(b)))
                .forEach(host -> flowsOn(portId, host.getKey(), host.getValue()).ifPresent(switches::add));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("port_id", portId);
        body.put("host", home);
        body.put("switches", switches);
        write(ctx, 200, body);
    }

    private Optional<Map<String, Object>> flowsOn(String portId, String host, DatapathId dpid) {
        List<Map<String, Object>> flows = controller.reconciler().desired(dpid).map(s -> PortFlows.of(portId, s))
                .orElse(List.of());
        if (flows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("host", host);
        view.put("datapath_id", dpid.toString());
        view.put("installed", controller.reconciler().atDesired(dpid).orElse(false));
        view.put("flows", flows);
        return Optional.of(view);
    }

    private List<HostHealth> health() {
        AgentRegistry agents = controller.agents();
        return agents.agents().stream().map(a -> new HostHealth(a.info().host(), a.info().agentType(),
                a.info().l3(), agents.isAlive(a), a.connected())).toList();
    }

    private Optional<AuthContext> authenticated(RoutingContext ctx) {
        Optional<AuthContext> auth = tokens.validateHeader(ctx.request().getHeader("X-Auth-Token"));
        if (auth.isEmpty()) {
            error(ctx, 401, "The request you have made requires authentication.");
        }
        return auth;
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void error(RoutingContext ctx, int status, String message) {
        write(ctx, status, Map.of("error", Map.of("code", status, "message", message)));
    }

    private void write(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text(body));
    }

    private String text(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body, e);
        }
    }

    @Override
    public void close() throws Exception {
        if (modelWatch != null) {
            modelWatch.close();
        }
    }
}
