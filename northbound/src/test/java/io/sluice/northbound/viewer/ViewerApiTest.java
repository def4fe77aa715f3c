package io.sluice.northbound.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.controller.Controller;
import io.sluice.controller.ControllerConfig;
import io.sluice.controller.openflow.OpenFlowConfig;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.northbound.keystone.IdentityConfig;
import io.sluice.northbound.keystone.IdentityStore;
import io.sluice.northbound.keystone.KeystoneService;
import io.sluice.northbound.keystone.PasswordHasher;
import io.sluice.northbound.keystone.Role;
import io.sluice.northbound.neutron.AgentView;
import io.sluice.northbound.neutron.NeutronApi;
import io.sluice.northbound.neutron.NeutronConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's endpoints on a real HTTP server in front of a real (not started) controller and its store: the
 * page's files from the jar's resources, the login, the topology, a port's flows, and the change stream
 * telling one project of its change and not another.
 */
class ViewerApiTest {
    @TempDir
    Path state;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private Controller controller;
    private ViewerApi viewer;
    private String root;

    @BeforeEach
    void start() throws Exception {
        controller = new Controller(new ControllerConfig(
                OpenFlowConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0)),
                new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(200), Duration.ofSeconds(1), Optional.empty(),
                Duration.ofSeconds(60), 5000, state, MplsEncapsulation.GRE, Optional.empty(), Duration.ofSeconds(60)));
        PasswordHasher hasher = new PasswordHasher(1_000, new SecureRandom());
        IdentityConfig identity = IdentityConfig.builder(hasher).project("p-red", "red").project("p-blue", "blue")
                .user("u-alice", "alice", "alice-pw").user("u-bob", "bob", "bob-pw")
                .assign("u-alice", "p-red", Role.MEMBER).assign("u-bob", "p-blue", Role.MEMBER).build();
        IdentityStore store = new IdentityStore(identity, hasher);
        KeystoneService keystone = new KeystoneService(store, Clock.systemUTC(), Duration.ofHours(1),
                URI.create("http://127.0.0.1:9696/"), URI.create("http://127.0.0.1:5000/"));
        Router router = Router.router(vertx);
        new NeutronApi(controller.tenants(), keystone.validator(), AgentView.of(controller.agents()),
                NeutronConfig.defaults()).mount(router);
        viewer = new ViewerApi(controller, keystone, store.projectNames());
        viewer.mount(vertx, router);
        int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        root = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() throws Exception {
        viewer.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        controller.close();
    }

    @Test
    void thePageIsServedFromTheJarWithEtags() throws Exception {
        HttpResponse<String> page = get("/viewer/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"viewer.js\">").doesNotContain("http://", "https://");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).startsWith("default-src 'self'"));
        String etag = page.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(root + "/viewer/"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(get("/viewer/viewer.js", null).body()).contains("cytoscape");
        assertThat(get("/viewer/nothing.js", null).statusCode()).isEqualTo(404);
        assertThat(get("/viewer", null).statusCode()).isEqualTo(302);
    }

    @Test
    void theLoginIsKeystonesAndTheTopologyNeedsItsToken() throws Exception {
        assertThat(login("alice", "wrong", "red").statusCode()).isEqualTo(401);
        assertThat(get("/sluice/v1/topology", null).statusCode()).isEqualTo(401);
        assertThat(get("/sluice/v1/topology", "not-a-token").statusCode()).isEqualTo(401);

        HttpResponse<String> topology = get("/sluice/v1/topology", token("alice", "red"));
        assertThat(topology.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(topology.body());
        assertThat(body.path("scope").path("project_id").asText()).isEqualTo("p-red");
        assertThat(body.path("projects").findValuesAsText("id")).containsExactly("p-red");
        assertThat(topology.body()).doesNotContain("p-blue");
    }

    @Test
    void aPortsFlowsAreNotFoundForBadOrUnknownIds() throws Exception {
        String alice = token("alice", "red");
        assertThat(get("/sluice/v1/ports/not-a-port/flows", alice).statusCode()).isEqualTo(404);
        assertThat(get("/sluice/v1/ports/00000000-0000-4000-8000-000000000001/flows", alice).statusCode())
                .isEqualTo(404);
        assertThat(get("/sluice/v1/ports/x/flows", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theStreamTellsAProjectOfItsChangesOnly() throws Exception {
        String alice = token("alice", "red");
        String bob = token("bob", "blue");
        try (BufferedReader aliceEvents = stream(alice); BufferedReader bobEvents = stream(bob)) {
            assertThat(aliceEvents.readLine()).isEqualTo("event: ready");
            assertThat(bobEvents.readLine()).isEqualTo("event: ready");
            skipBlank(aliceEvents, bobEvents);

            assertThat(post("/v2.0/networks", alice, "{\"network\": {\"name\": \"red-net\"}}")).isEqualTo(201);
            assertThat(post("/v2.0/networks", bob, "{\"network\": {\"name\": \"blue-net\"}}")).isEqualTo(201);

            assertThat(aliceEvents.readLine()).isEqualTo("event: model");
            assertThat(aliceEvents.readLine()).startsWith("data: ").contains("\"kinds\":[\"networks\"]");
            // Bob's first change is his own network; alice's came before it and was not sent to him.
            assertThat(bobEvents.readLine()).isEqualTo("event: model");
            String data = bobEvents.readLine();
            long blueRevision = controller.tenants().current().revision();
            assertThat(data).contains("\"revision\":" + blueRevision);
        }
    }

    private static void skipBlank(BufferedReader... readers) throws Exception {
        for (BufferedReader reader : readers) {
            assertThat(reader.readLine()).isEqualTo("data: {}");
            assertThat(reader.readLine()).isEmpty();
        }
    }

    private BufferedReader stream(String token) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                        URI.create(root + "/sluice/v1/topology/events")).header("X-Auth-Token", token).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    private String token(String user, String project) throws Exception {
        HttpResponse<String> answer = login(user, user + "-pw", project);
        assertThat(answer.statusCode()).isEqualTo(201);
        return answer.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private HttpResponse<String> login(String user, String password, String project) throws Exception {
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
                 "domain": {"name": "Default"}, "password": "%s"}}},
                 "scope": {"project": {"name": "%s", "domain": {"name": "Default"}}}}}""".formatted(user, password,
                project);
        return http.send(HttpRequest.newBuilder(URI.create(root + ViewerApi.LOGIN_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(root + path)).header("X-Auth-Token", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path));
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
