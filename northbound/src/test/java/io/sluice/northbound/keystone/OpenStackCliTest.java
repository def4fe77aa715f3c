package io.sluice.northbound.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock {@code openstack} CLI (Debian's python3-openstackclient, keystoneauth underneath) authenticates
 * against the Keystone service: with the generated admin-openrc as is, with OS_AUTH_URL lacking /v3 (version
 * discovery through {@code GET /}), and scoped by project id. The three run in parallel: each CLI start
 * costs a second or two.
 */
@Tag("e2e")
class OpenStackCliTest {

    @TempDir
    Path dir;

    @Test
    void openstackTokenIssueWorksAgainstSluice() throws Exception {
        StockCli.require();
        PasswordHasher hasher = TestIdentity.fastHasher();
        int port = StockCli.freePort();
        String root = "http://127.0.0.1:" + port;
        Path openrc = dir.resolve("admin-openrc");
        IdentityFile.Loaded loaded = new IdentityFile(hasher, new SecureRandom())
                .loadOrCreate(dir.resolve("identity.json"), openrc, URI.create(root));
        IdentityConfig config = loaded.config().toBuilder(hasher)
                .project("p-red", "red").project("p-blue", "blue")
                .user("u-alice", "alice", TestIdentity.ALICE_PASSWORD).user("u-bob", "bob", TestIdentity.BOB_PASSWORD)
                .assign("u-alice", "p-red", Role.MEMBER).assign("u-bob", "p-blue", Role.MEMBER).build();

        try (KeystoneServer server = new KeystoneServer(new IdentityStore(config, hasher), port)) {
            CompletableFuture<JsonNode> admin = tokenIssue(Map.of(), List.of("bash", "-c",
                    ". " + openrc + " && exec " + StockCli.OPENSTACK + " token issue -f json"));
            CompletableFuture<JsonNode> aliceByDiscovery = tokenIssue(Map.of("OS_AUTH_URL", root,
                    "OS_USERNAME", "alice", "OS_PASSWORD", TestIdentity.ALICE_PASSWORD, "OS_PROJECT_NAME", "red",
                    "OS_PROJECT_DOMAIN_NAME", "Default"), cli());
            CompletableFuture<JsonNode> bobByProjectId = tokenIssue(Map.of("OS_AUTH_URL", root + "/v3",
                    "OS_USERNAME", "bob", "OS_PASSWORD", TestIdentity.BOB_PASSWORD, "OS_PROJECT_ID", "p-blue"), cli());

            String adminProject = config.projects().stream().filter(p -> p.name().equals("admin")).findFirst()
                    .orElseThrow().id();
            assertIssued(server, admin.get(), adminProject);
            assertIssued(server, aliceByDiscovery.get(), "p-red");
            assertIssued(server, bobByProjectId.get(), "p-blue");
            assertThat(server.service.validator().validate(admin.get().get("id").asText()).orElseThrow().isAdmin())
                    .isTrue();
        }
    }

    private static void assertIssued(KeystoneServer server, JsonNode output, String projectId) {
        assertThat(output.get("id").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(output.get("project_id").asText()).isEqualTo(projectId);
        AuthContext context = server.service.validator().validate(output.get("id").asText()).orElseThrow();
        assertThat(context.projectId()).isEqualTo(projectId);
        assertThat(output.get("user_id").asText()).isEqualTo(context.userId());
    }

    private static List<String> cli() {
        return List.of(StockCli.OPENSTACK.toString(), "token", "issue", "-f", "json");
    }

    /** Runs the CLI with a clean environment: the settings the docs prescribe, then the case's own. */
    private CompletableFuture<JsonNode> tokenIssue(Map<String, String> settings, List<String> command) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ProcessBuilder builder = new ProcessBuilder(command);
                Map<String, String> env = builder.environment();
                env.clear();
                env.putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString(), "LANG", "C.UTF-8",
                        "OS_IDENTITY_API_VERSION", "3", "OS_AUTH_TYPE", "password", "OS_USER_DOMAIN_NAME", "Default",
                        "OS_REGION_NAME", "RegionOne", "OS_INTERFACE", "public"));
                env.putAll(settings);
                Process process = builder.redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    fail("openstack token issue " + settings + " failed:\n" + output);
                }
                return new ObjectMapper().readTree(output);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }
}
