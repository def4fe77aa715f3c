package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The OpenStack APIs over plain HTTP/1.1 (java.net.http), as a client such as Nova uses them: a Keystone v3
 * password token, then Neutron calls with X-Auth-Token. One client keeps its connections alive.
 */
final class NeutronClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A scoped token and the project it is scoped to. */
    record Token(String id, String projectId) {
    }

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String keystone;
    private final String neutron;

    NeutronClient(int keystonePort, int apiPort) {
        this.keystone = "http://127.0.0.1:" + keystonePort;
        this.neutron = "http://127.0.0.1:" + apiPort;
    }

    /** POST /v3/auth/tokens, password method, scoped to a project by name in the default domain. */
    Token token(String user, String password, String project) {
        Map<String, Object> body = Map.of("auth", Map.of(
                "identity", Map.of("methods", List.of("password"), "password", Map.of("user", Map.of(
                        "name", user, "domain", Map.of("id", "default"), "password", password))),
                "scope", Map.of("project", Map.of("name", project, "domain", Map.of("id", "default")))));
        HttpRequest request = HttpRequest.newBuilder(URI.create(keystone + "/v3/auth/tokens"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("token for " + user + ": " + response.statusCode() + " " + response.body());
        }
        String id = response.headers().firstValue("X-Subject-Token")
                .orElseThrow(() -> new IllegalStateException("no X-Subject-Token"));
        try {
            return new Token(id, JSON.readTree(response.body()).path("token").path("project").path("id").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Response call(String method, String path, Token token, Object body) {
        return call(method, path, token, body, Duration.ofSeconds(60));
    }

    /** A call that may take longer than a minute to answer, e.g. an audit dumping thousands of switches. */
    Response call(String method, String path, Token token, Object body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(neutron + path))
                .timeout(timeout).header("X-Auth-Token", token.id())
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        HttpResponse<String> response = send(request.build());
        return new Response(response.statusCode(), response.body());
    }

    /** The call's JSON body; anything but the expected status is an error. */
    JsonNode expect(int status, String method, String path, Token token, Object body) {
        Response response = call(method, path, token, body);
        if (response.status() != status) {
            throw new IllegalStateException(method + " " + path + " answered " + response.status() + " (expected "
                    + status + "): " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : response.json();
    }

    /** GET on the controller's operator status API (no token). */
    JsonNode status(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(neutron + path))
                .timeout(Duration.ofSeconds(10)).build());
        try {
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.nullNode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
