package io.sluice.northbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.controller.audit.Auditor;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.l3.RouterPlanPublisher;
import io.sluice.controller.reconcile.Reconciler;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.controller.store.Transaction;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.northbound.keystone.AuthContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * GET /sluice/v1/audit on a real HTTP server, over a real audit of an in-memory store holding one dangling guard
 * (no switch and no L3 agent connected), and {@code sluice audit} against it.
 */
class AuditApiTest {
    private static final String ADMIN = "admin-token";
    private static final String MEMBER = "member-token";
    private static final Map<String, AuthContext> TOKENS = Map.of(
            ADMIN, new AuthContext("u-admin", "admin", "admin-project", "admin", Set.of("admin", "member")),
            MEMBER, new AuthContext("u-alice", "alice", "alpha", "alpha", Set.of("member")));

    private final InMemoryStore store = new InMemoryStore();
    private final TenantRepository tenants = new TenantRepository(store, Clock.systemUTC());
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private String root;

    @BeforeEach
    void start() throws Exception {
        store.commit(Transaction.builder().put("ip", "22222222-2222-4222-8222-222222222222/10.0.0.9",
                "{\"port\": \"33333333-3333-4333-8333-33333333333a\"}".getBytes(StandardCharsets.UTF_8)).build());
        Reconciler reconciler = new Reconciler(dpid -> SwitchState.EMPTY, dpid -> true, 100);
        RouterPlanPublisher routerPlans = new RouterPlanPublisher((host, plans) -> false,
                () -> Snapshot.EMPTY.withTenants(tenants.current()), Runnable::run);
        Auditor auditor = new Auditor(tenants, reconciler, routerPlans, dpid -> Optional.empty());
        Router router = Router.router(vertx);
        new AuditApi(token -> Optional.ofNullable(TOKENS.get(token)), auditor::run).mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        root = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        tenants.close();
        store.close();
    }

    private HttpResponse<String> get(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + AuditApi.PATH));
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutAValidTokenTheAnswerIs401() throws Exception {
        assertThat(get(null).statusCode()).isEqualTo(401);
        assertThat(get("forged").statusCode()).isEqualTo(401);
    }

    @Test
    void aMemberIsRefusedWith403() throws Exception {
        HttpResponse<String> response = get(MEMBER);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(new ObjectMapper().readTree(response.body()).at("/error/code").asInt()).isEqualTo(403);
    }

    @Test
    void anAdminGetsTheCountsAndEveryFinding() throws Exception {
        HttpResponse<String> response = get(ADMIN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = new ObjectMapper().readTree(response.body());
        assertThat(report.get("drift").asInt()).isZero();
        assertThat(report.get("leaks").asInt()).isEqualTo(1);
        assertThat(report.get("details")).singleElement().satisfies(finding -> {
            assertThat(finding.get("type").asText()).isEqualTo("leak");
            assertThat(finding.get("area").asText()).isEqualTo("allocations");
            assertThat(finding.get("subject").asText()).isEqualTo("ip 22222222-2222-4222-8222-222222222222/10.0.0.9");
            assertThat(finding.get("count").asInt()).isEqualTo(1);
            assertThat(finding.get("detail").asText()).contains("does not exist");
        });
    }

    @Test
    void theAuditCommandPrintsTheFindingsAndExitsNonZeroOnALeak() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new AuditCommand()).setOut(new PrintWriter(out));

        int exit = cli.execute("--url", root, "--os-token", ADMIN);

        assertThat(exit).isEqualTo(AuditCommand.FOUND);
        assertThat(out.toString()).contains("leak  allocations ip 22222222-2222-4222-8222-222222222222/10.0.0.9")
                .endsWith("audit: drift 0, leaks 1" + System.lineSeparator());
    }

    @Test
    void theAuditCommandFailsWithoutAnAdminToken() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AuditCommand()).setErr(new PrintWriter(err));

        assertThat(cli.execute("--url", root, "--os-token", MEMBER)).isEqualTo(AuditCommand.FAILED);
        assertThat(err.toString()).contains("403");
    }
}
