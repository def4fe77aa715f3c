package io.sluice.northbound.keystone;

import static io.sluice.northbound.keystone.TestIdentity.ALICE_PASSWORD;
import static io.sluice.northbound.keystone.TestIdentity.OTHER_ALICE_PASSWORD;
import static io.sluice.northbound.keystone.TestIdentity.auth;
import static io.sluice.northbound.keystone.TestIdentity.authByName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.northbound.keystone.KeystoneServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /v3/auth/tokens} over HTTP: what keystoneauth sends and what it must get back. */
class TokenIssueTest {
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";
    private static final String ALICE_BY_NAME = "\"name\": \"alice\", \"domain\": {\"name\": \"Default\"}";
    private static final String RED_BY_NAME = "\"project\": {\"name\": \"red\", \"domain\": {\"name\": \"Default\"}}";

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
    void passwordAuthByNamesAnswers201WithTheTokenInTheHeaderAndKeystonesBody() throws Exception {
        Reply reply = server.post(authByName("alice", ALICE_PASSWORD, "red"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        String token = reply.header("X-Subject-Token");
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 bits, url-safe base64
        assertThat(reply.raw().body()).doesNotContain(token);
        JsonNode body = reply.json().get("token");
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("methods", "expires_at", "issued_at", "audit_ids",
                "user", "project", "is_domain", "roles", "catalog");
        assertThat(body.get("methods").toString()).isEqualTo("[\"password\"]");
        assertThat(body.get("issued_at").asText()).matches(TIMESTAMP).isEqualTo("2025-01-02T03:04:05.123456Z");
        assertThat(body.get("expires_at").asText()).matches(TIMESTAMP).isEqualTo("2025-01-02T05:04:05.123456Z");
        assertThat(body.get("audit_ids")).hasSize(1);
        assertThat(body.get("audit_ids").get(0).asText()).matches("[A-Za-z0-9_-]{22}");
        assertThat(body.get("user").toString())
                .isEqualTo("{\"id\":\"u-alice\",\"name\":\"alice\","
                        + "\"domain\":{\"id\":\"default\",\"name\":\"Default\"}}");
        assertThat(body.get("project").toString())
                .isEqualTo("{\"id\":\"p-red\",\"name\":\"red\",\"domain\":{\"id\":\"default\",\"name\":\"Default\"}}");
        assertThat(body.get("is_domain").isBoolean()).isTrue();
        assertThat(body.get("is_domain").asBoolean()).isFalse();
        assertThat(body.get("roles")).hasSize(1);
        assertThat(body.get("roles").get(0).get("name").asText()).isEqualTo("member");
        assertThat(body.get("roles").get(0).get("id").asText()).isEqualTo(Role.MEMBER.id());
    }

    @Test
    void catalogPublishesNeutronsRootOnThreeInterfacesAndIdentityV3() throws Exception {
        JsonNode catalog = server.post(authByName("alice", ALICE_PASSWORD, "red")).json().get("token").get("catalog");

        assertThat(catalog).hasSize(2);
        JsonNode network = catalog.get(0);
        assertThat(network.get("type").asText()).isEqualTo("network");
        assertThat(network.get("name").asText()).isEqualTo("neutron");
        List<String> interfaces = new ArrayList<>();
        for (JsonNode endpoint : network.get("endpoints")) {
            interfaces.add(endpoint.get("interface").asText());
            assertThat(endpoint.get("region").asText()).isEqualTo("RegionOne");
            assertThat(endpoint.get("region_id").asText()).isEqualTo("RegionOne");
            // The root without /v2.0: clients append the version themselves.
            assertThat(endpoint.get("url").asText()).isEqualTo("http://neutron.example:9696/");
        }
        assertThat(interfaces).containsExactly("public", "internal", "admin");
        JsonNode identity = catalog.get(1);
        assertThat(identity.get("type").asText()).isEqualTo("identity");
        assertThat(identity.get("endpoints")).hasSize(3);
        assertThat(identity.get("endpoints").get(0).get("url").asText()).isEqualTo("http://keystone.example:5000/v3");
    }

    @Test
    void userAndProjectByIdAuthenticate() throws Exception {
        Reply reply = server.post(auth("\"id\": \"u-alice\"", ALICE_PASSWORD, "\"project\": {\"id\": \"p-red\"}"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().at("/token/user/name").asText()).isEqualTo("alice");
        assertThat(reply.json().at("/token/project/name").asText()).isEqualTo("red");
    }

    @Test
    void domainsByIdAuthenticate() throws Exception {
        Reply reply = server.post(auth("\"name\": \"alice\", \"domain\": {\"id\": \"default\"}", ALICE_PASSWORD,
                "\"project\": {\"name\": \"red\", \"domain\": {\"id\": \"default\"}}"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().at("/token/project/id").asText()).isEqualTo("p-red");
    }

    @Test
    void namesAreLookedUpWithinTheirDomain() throws Exception {
        Reply reply = server.post(auth("\"name\": \"alice\", \"domain\": {\"name\": \"Other\"}", OTHER_ALICE_PASSWORD,
                "\"project\": {\"name\": \"red\", \"domain\": {\"id\": \"other-domain\"}}"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().at("/token/user/id").asText()).isEqualTo("u-other-alice");
        assertThat(reply.json().at("/token/user/domain").toString())
                .isEqualTo("{\"id\":\"other-domain\",\"name\":\"Other\"}");
        assertThat(reply.json().at("/token/project/id").asText()).isEqualTo("p-other-red");
    }

    @Test
    void adminTokenCarriesTheAdminRoleAndEachAuthenticationGetsItsOwnToken() throws Exception {
        String first = server.issue("admin", TestIdentity.ADMIN_PASSWORD, "admin");
        String second = server.issue("admin", TestIdentity.ADMIN_PASSWORD, "admin");

        assertThat(first).isNotEqualTo(second);
        AuthContext admin = server.service.validator().validate(first).orElseThrow();
        assertThat(admin).isEqualTo(new AuthContext("u-admin", "admin", "p-admin", "admin", Set.of("admin")));
        assertThat(admin.isAdmin()).isTrue();
        String aliceToken = server.issue("alice", ALICE_PASSWORD, "red");
        AuthContext alice = server.service.validator().validate(aliceToken).orElseThrow();
        assertThat(alice.isAdmin()).isFalse();
        assertThat(alice.roles()).containsExactly("member");
    }

    static List<Arguments> unauthorized() {
        return List.of(
                Arguments.of("wrong password", authByName("alice", "bob-secret", "red")),
                Arguments.of("empty password", authByName("alice", "", "red")),
                Arguments.of("unknown user", authByName("mallory", ALICE_PASSWORD, "red")),
                Arguments.of("unknown user id", auth("\"id\": \"u-nobody\"", ALICE_PASSWORD, RED_BY_NAME)),
                Arguments.of("unknown user domain", auth("\"name\": \"alice\", \"domain\": {\"name\": \"Nowhere\"}",
                        ALICE_PASSWORD, RED_BY_NAME)),
                Arguments.of("wrong domain", auth("\"name\": \"alice\", \"domain\": {\"id\": \"other-domain\"}",
                        ALICE_PASSWORD, RED_BY_NAME)),
                Arguments.of("unknown project", authByName("alice", ALICE_PASSWORD, "green")),
                Arguments.of("unknown project id",
                        auth(ALICE_BY_NAME, ALICE_PASSWORD, "\"project\": {\"id\": \"p-none\"}")),
                Arguments.of("project without a role", authByName("alice", ALICE_PASSWORD, "blue")),
                Arguments.of("admin project without a role", authByName("alice", ALICE_PASSWORD, "admin")),
                Arguments.of("unscoped", auth(ALICE_BY_NAME, ALICE_PASSWORD, null)),
                Arguments.of("domain scope", auth(ALICE_BY_NAME, ALICE_PASSWORD, "\"domain\": {\"id\": \"default\"}")),
                Arguments.of("token method", "{\"auth\": {\"identity\": {\"methods\": [\"token\"], "
                        + "\"token\": {\"id\": \"x\"}}, \"scope\": {" + RED_BY_NAME + "}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unauthorized(String what, String body) throws Exception {
        Reply reply = server.post(body);

        assertError(reply, 401, "Unauthorized");
        assertThat(reply.header("X-Subject-Token")).isNull();
    }

    static List<Arguments> badRequest() {
        return List.of(
                Arguments.of("not JSON", "{\"auth\": "),
                Arguments.of("empty body", ""),
                Arguments.of("a JSON array", "[]"),
                Arguments.of("trailing garbage", authByName("alice", ALICE_PASSWORD, "red") + " {}"),
                Arguments.of("no auth", "{\"identity\": {}}"),
                Arguments.of("no methods", "{\"auth\": {\"identity\": {\"password\": {}}}}"),
                Arguments.of("no password", "{\"auth\": {\"identity\": {\"methods\": [\"password\"], "
                        + "\"password\": {\"user\": {\"id\": \"u-alice\"}}}, \"scope\": {" + RED_BY_NAME + "}}}"),
                Arguments.of("password not a string", "{\"auth\": {\"identity\": {\"methods\": [\"password\"], "
                        + "\"password\": {\"user\": {\"id\": \"u-alice\", \"password\": 7}}}, "
                        + "\"scope\": {" + RED_BY_NAME + "}}}"),
                Arguments.of("user name without domain", auth("\"name\": \"alice\"", ALICE_PASSWORD, RED_BY_NAME)),
                Arguments.of("user domain empty",
                        auth("\"name\": \"alice\", \"domain\": {}", ALICE_PASSWORD, RED_BY_NAME)),
                Arguments.of("project without id or name", auth(ALICE_BY_NAME, ALICE_PASSWORD, "\"project\": {}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void badRequest(String what, String body) throws Exception {
        assertError(server.post(body), 400, "Bad Request");
    }

    @Test
    void anOversizedBodyIsRefusedWithoutReadingIt() throws Exception {
        assertError(server.post("{\"pad\": \"" + "x".repeat(100_000) + "\"}"), 413, "Request Entity Too Large");
    }

    static void assertError(Reply reply, int status, String title) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        JsonNode error = reply.json().get("error");
        assertThat(fieldNames(reply.json())).containsExactly("error");
        assertThat(fieldNames(error)).containsExactly("code", "title", "message");
        assertThat(error.get("code").asInt()).isEqualTo(status);
        assertThat(error.get("title").asText()).isEqualTo(title);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
