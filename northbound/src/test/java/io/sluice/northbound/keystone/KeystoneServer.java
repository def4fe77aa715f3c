package io.sluice.northbound.keystone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A {@link KeystoneService} on a real HTTP listener (127.0.0.1, free port), and a client for it. */
final class KeystoneServer implements AutoCloseable {
    static final URI NEUTRON_URL = URI.create("http://neutron.example:9696");
    static final URI IDENTITY_URL = URI.create("http://keystone.example:5000/");
    static final Duration TTL = Duration.ofHours(2);
    /** Nanoseconds on purpose: the rendered timestamps must carry microseconds only. */
    static final Instant START = Instant.parse("2025-01-02T03:04:05.123456789Z");

    final MutableClock clock = new MutableClock(START);
    final KeystoneService service;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;

    /** An answer with its body parsed when it is JSON. */
    record Reply(HttpResponse<String> raw, JsonNode json) {
        int status() {
            return raw.statusCode();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    KeystoneServer() throws Exception {
        this(TestIdentity.store(), 0);
    }

    KeystoneServer(IdentityStore identity, int port) throws Exception {
        service = new KeystoneService(identity, clock, TTL, NEUTRON_URL,
                port == 0 ? IDENTITY_URL : URI.create("http://127.0.0.1:" + port + "/"));
        server = vertx.createHttpServer().requestHandler(service.router(vertx)).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    Reply send(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        return new Reply(response, isJson && !response.body().isEmpty() ? json.readTree(response.body()) : null);
    }

    Reply post(String body) throws IOException, InterruptedException {
        return send("POST", TokenApi.PATH, body);
    }

    /** Authenticates by names in the default domain and returns the token. */
    String issue(String user, String password, String project) throws IOException, InterruptedException {
        Reply reply = post(TestIdentity.authByName(user, password, project));
        assertThat(reply.status()).as("auth %s in %s: %s", user, project, reply.raw().body()).isEqualTo(201);
        return reply.header(TokenApi.SUBJECT_TOKEN);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
