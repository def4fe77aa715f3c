package io.sluice.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice audit}: asks a running controller for its audit ({@code GET /sluice/v1/audit}) with an admin
 * token, taken from the usual OS_* variables (as the controller's admin-openrc sets them) or given outright.
 * Exits 0 when there is no drift and no leak, 1 when there is, 2 when the audit could not be had.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Compare the store's allocations, every switch's flows and every router namespace with the "
                + "model; exit non-zero on drift or leaks.")
final class AuditCommand implements Callable<Integer> {
    static final int CLEAN = 0;
    static final int FOUND = 1;
    static final int FAILED = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:9696",
            description = "the network API's base URL (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--os-token", defaultValue = "${env:OS_TOKEN}",
            description = "an admin token; else one is requested with the credentials below")
    String token;

    @Option(names = "--os-auth-url", defaultValue = "${env:OS_AUTH_URL}", description = "Keystone v3, e.g. http://127.0.0.1:5000/v3")
    String authUrl;

    @Option(names = "--os-username", defaultValue = "${env:OS_USERNAME}")
    String username;

    @Option(names = "--os-password", defaultValue = "${env:OS_PASSWORD}")
    String password;

    @Option(names = "--os-project-name", defaultValue = "${env:OS_PROJECT_NAME}")
    String projectName;

    @Option(names = "--os-user-domain-name", defaultValue = "${env:OS_USER_DOMAIN_NAME:-Default}")
    String userDomain;

    @Option(names = "--os-project-domain-name", defaultValue = "${env:OS_PROJECT_DOMAIN_NAME:-Default}")
    String projectDomain;

    @Option(names = "--json", description = "print the audit's JSON as the API answers it")
    boolean printJson;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpResponse<String> response;
        try {
            String auth = token != null && !token.isEmpty() ? token : login();
            response = http.send(HttpRequest.newBuilder(url.resolve(AuditApi.PATH)).timeout(TIMEOUT)
                    .header("X-Auth-Token", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("audit: cannot reach " + url + " or Keystone: " + e.getMessage());
            return FAILED;
        }
        if (response.statusCode() != 200) {
            err.println("audit: " + url + " answered " + response.statusCode() + ": " + response.body());
            return FAILED;
        }
        JsonNode report = json.readTree(response.body());
        if (printJson) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            for (JsonNode finding : report.get("details")) {
                out.printf("%-5s %-11s %s: %s%n", finding.get("type").asText(), finding.get("area").asText(),
                        finding.get("subject").asText(), finding.get("detail").asText());
            }
            out.printf("audit: drift %d, leaks %d%n", report.get("drift").asInt(), report.get("leaks").asInt());
        }
        out.flush();
        return report.get("drift").asInt() == 0 && report.get("leaks").asInt() == 0 ? CLEAN : FOUND;
    }

    /** A project-scoped token by password, as the openstack client gets one. */
    private String login() throws IOException, InterruptedException {
        if (authUrl == null || username == null || password == null || projectName == null) {
            throw new ParameterException(spec.commandLine(), "no credentials: give --os-token, or --os-auth-url, "
                    + "--os-username, --os-password and --os-project-name (or source the controller's admin-openrc)");
        }
        ObjectNode body = json.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        identity.putObject("password").putObject("user").put("name", username).put("password", password)
                .putObject("domain").put("name", userDomain);
        ((ObjectNode) body.get("auth")).putObject("scope").putObject("project").put("name", projectName)
                .putObject("domain").put("name", projectDomain);
        String base = authUrl.endsWith("/") ? authUrl : authUrl + "/";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "auth/tokens"))
                .timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("Keystone answered " + response.statusCode() + ": " + response.body());
        }
        return response.headers().firstValue("X-Subject-Token")
                .orElseThrow(() -> new IOException("Keystone gave no X-Subject-Token"));
    }
}
