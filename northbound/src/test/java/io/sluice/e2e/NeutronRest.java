package io.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The network API over HTTP as one Keystone user in one project, for what a test makes in bulk (the stock CLI
 * costs a second a call): a token from the identity service, then JSON calls with it.
 */
final class NeutronRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String api;
    private final String token;

    NeutronRest(SluiceCluster sluice, String user, String password, String project) {
        this.api = sluice.apiUrl();
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
                 "domain": {"name": "Default"}, "password": "%s"}}},
                 "scope": {"project": {"name": "%s", "domain": {"name": "Default"}}}}}""".formatted(user, password,
                project);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(sluice.authUrl() + "/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (answer.statusCode() != 201) {
            throw new AssertionError("login of " + user + " failed: " + answer.statusCode() + " " + answer.body());
        }
        this.token = answer.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    /** POST /v2.0/COLLECTION; the created resource. */
    JsonNode create(String resource, String json) {
        return expect(201, "POST", "/v2.0/" + resource + "s", "{\"" + resource + "\": " + json + "}").path(resource);
    }

    JsonNode put(String path, String json) {
        return expect(200, "PUT", path, json);
    }

    JsonNode get(String path) {
        return expect(200, "GET", path, null);
    }

    /** The status code of a GET, for what the caller may not see. */
    int status(String path) {
        return send(request("GET", path, null)).statusCode();
    }

    private JsonNode expect(int status, String method, String path, String body) {
        HttpResponse<String> answer = send(request(method, path, body));
        if (answer.statusCode() != status) {
            throw new AssertionError(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(api + path)).header("X-Auth-Token", token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
