package io.sluice.northbound.keystone;

import static io.sluice.northbound.keystone.TokenIssueTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.northbound.keystone.KeystoneServer.Reply;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Version discovery, JSON errors for unknown paths and methods, and the published URLs' checks. */
class DiscoveryTest {
    private static final String VERSION = "{\"id\":\"v3.14\",\"status\":\"stable\","
            + "\"updated\":\"2020-04-07T00:00:00Z\","
            + "\"links\":[{\"rel\":\"self\",\"href\":\"http://keystone.example:5000/v3/\"}],"
            + "\"media-types\":[{\"base\":\"application/json\","
            + "\"type\":\"application/vnd.openstack.identity-v3+json\"}]}";

    private KeystoneServer server;

    @BeforeEach
    void start() throws Exception {
        server = new KeystoneServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void v3DescribesItselfWithAReachableSelfLink() throws Exception {
        for (String path : new String[] {"/v3", "/v3/"}) {
            Reply reply = server.send("GET", path, null);

            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(reply.json().toString()).isEqualTo("{\"version\":" + VERSION + "}");
        }
    }

    @Test
    void rootListsTheVersionsWithMultipleChoices() throws Exception {
        Reply reply = server.send("GET", "/", null);

        assertThat(reply.status()).isEqualTo(300);
        assertThat(reply.json().toString()).isEqualTo("{\"versions\":{\"values\":[" + VERSION + "]}}");
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        Reply root = server.send("HEAD", "/", null);
        Reply v3 = server.send("HEAD", "/v3", null);

        assertThat(root.status()).isEqualTo(300);
        assertThat(root.raw().body()).isEmpty();
        assertThat(v3.status()).isEqualTo(200);
        assertThat(v3.raw().body()).isEmpty();
    }

    @Test
    void unknownPathsAndMethodsAnswerJsonErrors() throws Exception {
        assertError(server.send("GET", "/v3/projects", null), 404, "Not Found");
        assertError(server.send("PUT", TokenApi.PATH, "{}"), 405, "Method Not Allowed");
    }

    @Test
    void anUnexpectedFailureAnswers500InKeystonesShape() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = server.service.router(vertx);
            router.get("/boom").handler(ctx -> {
                throw new IllegalStateException("a bug");
            });
            int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/boom")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).startsWith("{\"error\":{\"code\":500,\"title\":\"Internal Server Error\"")
                    .doesNotContain("a bug");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void publishedUrlsAreServiceRootsWithoutTheirVersion() {
        IdentityStore identity = TestIdentity.store();
        URI keystone = URI.create("http://h:5000");

        assertThatThrownBy(() -> new KeystoneService(identity, Clock.systemUTC(), KeystoneServer.TTL,
                URI.create("http://h:9696/v2.0"), keystone)).hasMessageContaining("without /v2.0");
        assertThatThrownBy(() -> new KeystoneService(identity, Clock.systemUTC(), KeystoneServer.TTL,
                URI.create("http://h:9696/"), URI.create("http://h:5000/v3/"))).hasMessageContaining("without /v3");
        assertThatThrownBy(() -> new KeystoneService(identity, Clock.systemUTC(), KeystoneServer.TTL,
                URI.create("h:9696"), keystone)).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new KeystoneService(identity, Clock.systemUTC(), KeystoneServer.TTL,
                URI.create("/relative"), keystone)).hasMessageContaining("http(s)");
    }
}
