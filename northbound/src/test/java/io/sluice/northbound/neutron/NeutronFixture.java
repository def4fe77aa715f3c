package io.sluice.northbound.neutron;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.controller.store.Entry;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.controller.store.Store;
import io.sluice.controller.tenant.Kind;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.models.agent.AgentInfo;
import io.sluice.northbound.keystone.AuthContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The Neutron API on a real HTTP server (port 0) over an in-memory store, with tokens and agents the test
 * sets: admin (project "admin-project"), alice and bob (members of projects "alpha" and "beta").
 */
final class NeutronFixture implements AutoCloseable {
    static final String ADMIN = "admin-token";
    static final String ALICE = "alice-token";
    static final String BOB = "bob-token";
    static final ObjectMapper JSON = new ObjectMapper();

    final Store store;
    final TenantRepository repository;
    final List<AgentView.Agent> agents = new CopyOnWriteArrayList<>();
    private final Map<String, AuthContext> tokens = new ConcurrentHashMap<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    final String root;

    /** A response: status, body text and (when JSON) the parsed body. */
    record Response(int status, String text, JsonNode json, Map<String, List<String>> headers) {
        JsonNode at(String pointer) {
            return json.at(pointer);
        }

        String errorType() {
            return json.at("/NeutronError/type").asText();
        }
    }

    NeutronFixture() throws Exception {
        this(NeutronConfig.defaults(), new InMemoryStore());
    }

    NeutronFixture(NeutronConfig config, Store store) throws Exception {
        this(config, store, Clock.systemUTC());
    }

    /** @param clock the repository's: timestamps and MPLS label quarantine */
    NeutronFixture(NeutronConfig config, Store store, Clock clock) throws Exception {
        this.store = store;
        this.repository = new TenantRepository(store, clock);
        tokens.put(ADMIN, new AuthContext("u-admin", "admin", "admin-project", "admin", Set.of("admin", "member")));
        tokens.put(ALICE, new AuthContext("u-alice", "alice", "alpha", "alpha", Set.of("member")));
        tokens.put(BOB, new AuthContext("u-bob", "bob", "beta", "beta", Set.of("member")));
        Router router = Router.router(vertx);
        new NeutronApi(repository, token -> Optional.ofNullable(tokens.get(token)), () -> List.copyOf(agents), config)
                .mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        root = "http://127.0.0.1:" + server.actualPort();
    }

    void agent(String host, boolean alive) {
        agent(host, alive, false);
    }

    /** @param l3 a network node, which hosts routers */
    void agent(String host, boolean alive, boolean l3) {
        agents.removeIf(a -> a.info().host().equals(host));
        agents.add(new AgentView.Agent(new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY,
                "192.0.2.10", Map.of("physnet1", "br-ex"), "0000000000000001",
                Map.of(AgentInfo.VXLAN_TUNNEL, 65000, AgentInfo.MPLSOGRE_TUNNEL, 65001), Map.of(), l3),
                Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:05:07.123Z"), alive));
    }

    Response get(String token, String path) {
        return send(token, "GET", path, null);
    }

    Response post(String token, String path, String body) {
        return send(token, "POST", path, body);
    }

    Response put(String token, String path, String body) {
        return send(token, "PUT", path, body);
    }

    Response delete(String token, String path) {
        return send(token, "DELETE", path, null);
    }

    Response send(String token, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(java.time.Duration
                .ofSeconds(10)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!response.body().isEmpty()) {
                try {
                    json = JSON.readTree(response.body());
                } catch (IOException notJson) {
                    json = null;
                }
            }
            return new Response(response.statusCode(), response.body(), json, response.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a resource and returns its JSON, failing the test unless the API answered 201. */
    JsonNode create(String token, String collection, String body) {
        Response response = post(token, "/v2.0/" + collection, body);
        if (response.status() != 201) {
            throw new AssertionError("create " + collection + " answered " + response.status() + ": "
                    + response.text());
        }
        return response.json().elements().next();
    }

    String network(String token, String name) {
        return create(token, "networks", "{\"network\": {\"name\": \"" + name + "\"}}").get("id").asText();
    }

    String subnet(String token, String networkId, String cidr) {
        return create(token, "subnets", "{\"subnet\": {\"network_id\": \"" + networkId
                + "\", \"ip_version\": 4, \"cidr\": \"" + cidr + "\"}}").get("id").asText();
    }

    /** An admin's router:external network with one subnet; returns the network's id. */
    String externalNetwork(String name, String cidr) {
        String id = create(ADMIN, "networks", "{\"network\": {\"name\": \"" + name
                + "\", \"router:external\": true}}").get("id").asText();
        subnet(ADMIN, id, cidr);
        return id;
    }

    /** A router with its gateway on the external network (none when null). */
    String router(String token, String externalNetworkId) {
        String gateway = externalNetworkId == null ? ""
                : ", \"external_gateway_info\": {\"network_id\": \"" + externalNetworkId + "\"}";
        return create(token, "routers", "{\"router\": {\"name\": \"r\"" + gateway + "}}").get("id").asText();
    }

    /** Adds an interface on the subnet and returns the interface's port id, failing unless the API answered 200. */
    String addInterface(String token, String routerId, String subnetId) {
        Response response = put(token, "/v2.0/routers/" + routerId + "/add_router_interface",
                "{\"subnet_id\": \"" + subnetId + "\"}");
        if (response.status() != 200) {
            throw new AssertionError("add_router_interface answered " + response.status() + ": " + response.text());
        }
        return response.at("/port_id").asText();
    }

    /** A floating IP of the external network, mapped to the port when one is given. */
    JsonNode floatingIp(String token, String externalNetworkId, String portId) {
        return create(token, "floatingips", "{\"floatingip\": {\"floating_network_id\": \"" + externalNetworkId
                + "\"" + (portId == null ? "" : ", \"port_id\": \"" + portId + "\"") + "}}");
    }

    JsonNode port(String token, String networkId) {
        return create(token, "ports", "{\"port\": {\"network_id\": \"" + networkId + "\"}}");
    }

    /**
     * Sends a request that must be refused: the status, a NeutronError of the type with a message, JSON, and the
     * store exactly as before (every document and the revision).
     */
    void assertRefusedAndUnchanged(String what, String token, String method, String path, String body, int status,
                                   String type) {
        String before = storeDump();
        Response response = send(token, method, path, body);
        assertThat(response.status()).as(what + ": " + response.text())
                .isEqualTo(status);
        assertThat(response.headers().get("content-type")).as(what)
                .isEqualTo(List.of("application/json"));
        assertThat(response.errorType()).as(what + ": " + response.text())
                .isEqualTo(type);
        assertThat(response.at("/NeutronError/message").asText()).as(what)
                .isNotBlank();
        assertThat(response.at("/NeutronError/detail").asText()).as(what).isEmpty();
        assertThat(storeDump()).as(what).isEqualTo(before);
    }

    /** Every document of every tenant kind and the store revision: equal before and after means nothing changed. */
    String storeDump() {
        Map<String, String> dump = new TreeMap<>();
        for (Kind kind : Kind.values()) {
            for (Entry entry : store.list(kind.storeName())) {
                dump.put(kind.storeName() + "/" + entry.id(), entry.modRevision() + " "
                        + new String(entry.value(), StandardCharsets.UTF_8));
            }
        }
        return "revision " + store.revision() + "\n" + String.join("\n", new ArrayList<>(dump.entrySet()).stream()
                .map(Object::toString).toList());
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            repository.close();
            store.close();
        }
    }
}
