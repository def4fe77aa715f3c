package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.TenantRepository;
import io.sluice.models.ipam.MplsLabels;
import io.sluice.northbound.keystone.AuthContext;
import io.sluice.northbound.keystone.TokenValidator;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenStack Networking API v2.0 (Neutron) on a Vert.x router: networks, subnets, ports, routers, floating IPs
 * and their port forwardings, quotas, agents and the discovery documents, behind Keystone tokens and Neutron's default policy. Every path also answers with a
 * literal ".json" suffix, as some clients send it. Handlers run on worker threads: a write waits for a durable
 * store commit.
 */
public final class NeutronApi {
    private static final Logger log = LoggerFactory.getLogger(NeutronApi.class);
    private static final String AUTH = "neutron.auth";
    private static final String V2 = "/v2\\.0";
    private static final String JSON_SUFFIX = "(?:\\.json)?";
    private static final String ID = "/(?<id>[^/]+?)";
    /** The id of the resource a sub-resource collection hangs off. */
    private static final String PARENT = "/(?<parent>[^/]+?)";
    /**
     * Large enough for any single resource and a bulk create of {@link CreateBody#MAX_ITEMS} ports; Neutron's
     * default is 100 KiB for the whole request too.
     */
    private static final long BODY_LIMIT = 1 << 20;

    private final TokenValidator tokens;
    private final NeutronConfig config;
    private final NetworkHandler networks;
    private final SubnetHandler subnets;
    private final PortHandler ports;
    private final QuotaHandler quotas;
    private final AgentHandler agents;
    private final RouterHandler routers;
    private final RouterInterfaces routerInterfaces;
    private final PortBindings portBindings;
    private final FloatingIpHandler floatingIps;
    private final PortForwardingHandler portForwardings;
    /** The paths some route serves: another method on them is 405, not 404. */
    private final List<Pattern> served = new ArrayList<>();

    /**
     * @param repository where the tenant model lives
     * @param tokens     Keystone's validation of X-Auth-Token
     * @param agentView  the node agents (binding:vif_type, /v2.0/agents), e.g. {@link AgentView#of}
     */
    public NeutronApi(TenantRepository repository, TokenValidator tokens, AgentView agentView, NeutronConfig config) {
        this.tokens = tokens;
        this.config = config;
        Quotas limits = new Quotas(config.quotaDefaults());
        this.networks = new NetworkHandler(repository, config, limits);
        this.subnets = new SubnetHandler(repository, limits);
        MplsLabels labels = new MplsLabels(config.labelQuarantine());
        Binding vif = new Binding(agentView, config.datapathType());
        this.ports = new PortHandler(repository, limits, vif, labels);
        this.portBindings = new PortBindings(repository, vif, labels);
        this.quotas = new QuotaHandler(repository, limits);
        this.agents = new AgentHandler(agentView, repository);
        ServicePorts servicePorts = new ServicePorts();
        RouterPortBinding routerPorts = new RouterPortBinding(repository, labels);
        this.routers = new RouterHandler(repository, limits, agentView, servicePorts, routerPorts);
        this.routerInterfaces = new RouterInterfaces(repository, servicePorts, routerPorts);
        this.floatingIps = new FloatingIpHandler(repository, limits, servicePorts);
        this.portForwardings = new PortForwardingHandler(repository);
    }

    /** Adds the API's routes to the router (on the server listening on the Neutron port, 9696 by default). */
    public void mount(Router router) {
        // Version discovery is unauthenticated in Neutron too (its versions app sits before keystonemiddleware).
        served.add(Pattern.compile("/" + JSON_SUFFIX));
        router.getWithRegex("/" + JSON_SUFFIX).handler(ctx -> Http.write(ctx,
                Reply.ok(Discovery.versions(Http.root(ctx, config.baseUrl())))));
        router.routeWithRegex(V2 + "(?:/.*|\\.json)?").handler(this::authenticate);
        router.routeWithRegex(V2 + "/.*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        served.add(Pattern.compile(V2 + "/?" + JSON_SUFFIX));
        router.getWithRegex(V2 + "/?" + JSON_SUFFIX).handler(ctx -> Http.write(ctx,
                Reply.ok(Discovery.resources(Http.root(ctx, config.baseUrl())))));
        served.add(Pattern.compile(V2 + "/extensions(?:/[^/]+?)?" + JSON_SUFFIX));
        router.getWithRegex(V2 + "/extensions" + JSON_SUFFIX).handler(ctx -> Http.write(ctx,
                Reply.ok(Discovery.extensions())));
        router.getWithRegex(V2 + "/extensions" + ID + JSON_SUFFIX).handler(ctx -> Http.respond(ctx, () ->
                Discovery.extension(ctx.pathParam("id")).map(Reply::ok).orElseThrow(() -> ApiError.notFound(
                        "HTTPNotFound", "Extension with alias " + ctx.pathParam("id") + " does not exist"))));
        crud("networks", networks::list, networks::show, networks::create, networks::update, networks::delete, router);
        crud("subnets", subnets::list, subnets::show, subnets::create, subnets::update, subnets::delete, router);
        crud("ports", ports::list, ports::show, ports::create, ports::update, ports::delete, router);
        String bindings = "/ports" + PARENT + "/bindings";
        route(router, HttpMethod.GET, bindings + JSON_SUFFIX, portBindings::list);
        route(router, HttpMethod.POST, bindings + JSON_SUFFIX, portBindings::create);
        route(router, HttpMethod.GET, bindings + ID + JSON_SUFFIX, portBindings::show);
        route(router, HttpMethod.PUT, bindings + ID + "/activate" + JSON_SUFFIX, portBindings::activate);
        route(router, HttpMethod.DELETE, bindings + ID + JSON_SUFFIX, portBindings::delete);
        crud("routers", routers::list, routers::show, routers::create, routers::update, routers::delete, router);
        route(router, HttpMethod.PUT, "/routers" + ID + "/add_router_interface" + JSON_SUFFIX, routerInterfaces::add);
        route(router, HttpMethod.PUT, "/routers" + ID + "/remove_router_interface" + JSON_SUFFIX,
                routerInterfaces::remove);
        route(router, HttpMethod.GET, "/routers" + ID + "/l3-agents" + JSON_SUFFIX, agents::routerAgents);
        crud("floatingips", floatingIps::list, floatingIps::show, floatingIps::create, floatingIps::update,
                floatingIps::delete, router);
        crud("floatingips" + PARENT + "/port_forwardings", portForwardings::list, portForwardings::show,
                portForwardings::create, portForwardings::update, portForwardings::delete, router);
        route(router, HttpMethod.GET, "/quotas" + JSON_SUFFIX, quotas::list);
        route(router, HttpMethod.GET, "/quotas" + ID + "/details" + JSON_SUFFIX, quotas::details);
        route(router, HttpMethod.GET, "/quotas" + ID + "/default" + JSON_SUFFIX, quotas::defaults);
        route(router, HttpMethod.GET, "/quotas" + ID + JSON_SUFFIX, quotas::show);
        route(router, HttpMethod.PUT, "/quotas" + ID + JSON_SUFFIX, quotas::update);
        route(router, HttpMethod.DELETE, "/quotas" + ID + JSON_SUFFIX, quotas::delete);
        route(router, HttpMethod.GET, "/agents" + JSON_SUFFIX, agents::list);
        route(router, HttpMethod.GET, "/agents" + ID + JSON_SUFFIX, agents::show);
        route(router, HttpMethod.GET, "/agents" + ID + "/l3-routers" + JSON_SUFFIX, agents::agentRouters);
        // Every path, as the server normalizes it ("/v2.0/../x" is "/x"): what no route served is still a
        // NeutronError, never the HTTP server's own HTML or empty answer.
        router.route().last().handler(ctx -> Http.write(ctx, served.stream()
                .anyMatch(p -> p.matcher(ctx.normalizedPath()).matches())
                ? Http.error(405, "HTTPMethodNotAllowed", "The method is not allowed for this resource.")
                : Http.error(404, "HTTPNotFound", "The resource could not be found.")));
        router.routeWithRegex(V2 + "(?:/.*)?").failureHandler(this::failed);
    }

    private void crud(String collection, Function<Call, Reply> list, Function<Call, Reply> show,
                      Function<Call, Reply> create, Function<Call, Reply> update, Function<Call, Reply> delete,
                      Router router) {
        route(router, HttpMethod.GET, "/" + collection + JSON_SUFFIX, list);
        route(router, HttpMethod.POST, "/" + collection + JSON_SUFFIX, create);
        route(router, HttpMethod.GET, "/" + collection + ID + JSON_SUFFIX, show);
        route(router, HttpMethod.PUT, "/" + collection + ID + JSON_SUFFIX, update);
        route(router, HttpMethod.DELETE, "/" + collection + ID + JSON_SUFFIX, delete);
    }

    private void route(Router router, HttpMethod method, String path, Function<Call, Reply> handler) {
        served.add(Pattern.compile(V2 + path));
        router.routeWithRegex(method, V2 + path).blockingHandler(ctx -> Http.respond(ctx,
                () -> handler.apply(call(ctx))), false);
    }

    private Call call(RoutingContext ctx) {
        AuthContext auth = ctx.get(AUTH);
        String id = ctx.pathParam("id");
        return new Call(new Policy(auth), Http.params(ctx), ctx.body().asString(),
                Http.pathUrl(ctx, config.baseUrl()), id, ctx.pathParam("parent"));
    }

    /** Every /v2.0 call needs a valid X-Auth-Token; keystonemiddleware's 401 otherwise. */
    private void authenticate(RoutingContext ctx) {
        Optional<AuthContext> auth = tokens.validateHeader(ctx.request().getHeader("X-Auth-Token"));
        if (auth.isEmpty()) {
            ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
                    .putHeader("WWW-Authenticate", "Keystone uri=\"\"")
                    .end("{\"error\": {\"code\": 401, \"title\": \"Unauthorized\", \"message\": \"The request you "
                            + "have made requires authentication.\"}}");
            return;
        }
        ctx.put(AUTH, auth.get());
        ctx.next();
    }

    /** What the router itself fails on (a body over the limit): still a NeutronError. */
    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        Reply reply = switch (status) {
            case 413 -> Http.error(413, "HTTPRequestEntityTooLarge", "Request body is too large.");
            case 400 -> Http.error(400, "HTTPBadRequest", "Malformed request.");
            default -> Http.internalError();
        };
        if (status == 500) {
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        Http.write(ctx, reply);
    }
}
