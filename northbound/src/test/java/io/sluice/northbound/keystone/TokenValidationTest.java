package io.sluice.northbound.keystone;

import static io.sluice.northbound.keystone.TestIdentity.ADMIN_PASSWORD;
import static io.sluice.northbound.keystone.TestIdentity.ALICE_PASSWORD;
import static io.sluice.northbound.keystone.TokenIssueTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.northbound.keystone.KeystoneServer.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET/HEAD/DELETE /v3/auth/tokens}, expiry, and the validator the Neutron API uses. */
class TokenValidationTest {
    private KeystoneServer server;
    private String admin;
    private String alice;

    @BeforeEach
    void start() throws Exception {
        server = new KeystoneServer();
        admin = server.issue("admin", ADMIN_PASSWORD, "admin");
        alice = server.issue("alice", ALICE_PASSWORD, "red");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getAnswersTheIssuedBodyAndEchoesTheSubjectToken() throws Exception {
        Reply issued = server.post(TestIdentity.authByName("alice", ALICE_PASSWORD, "red"));
        String token = issued.header("X-Subject-Token");

        Reply reply = validate("GET", admin, token);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("X-Subject-Token")).isEqualTo(token);
        assertThat(reply.json()).isEqualTo(issued.json());
    }

    @Test
    void anyValidTokenMayValidateIncludingItself() throws Exception {
        assertThat(validate("GET", alice, alice).status()).isEqualTo(200);
        assertThat(validate("GET", alice, admin).status()).isEqualTo(200);
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        Reply reply = validate("HEAD", admin, alice);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("X-Subject-Token")).isEqualTo(alice);
        assertThat(reply.raw().body()).isEmpty();
        assertThat(Integer.parseInt(reply.header("Content-Length"))).isPositive();
    }

    @Test
    void validationNeedsAValidCallerToken() throws Exception {
        assertError(server.send("GET", TokenApi.PATH, null, "X-Subject-Token", alice), 401, "Unauthorized");
        assertError(validate("GET", "not-a-token", alice), 401, "Unauthorized");
    }

    @Test
    void aMissingSubjectIsABadRequestAndAnUnknownOneIsNotFound() throws Exception {
        assertError(server.send("GET", TokenApi.PATH, null, "X-Auth-Token", admin), 400, "Bad Request");
        assertError(validate("GET", admin, "not-a-token"), 404, "Not Found");
    }

    @Test
    void deleteRevokes() throws Exception {
        Reply reply = validate("DELETE", admin, alice);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.raw().body()).isEmpty();
        assertError(validate("GET", admin, alice), 404, "Not Found");
        assertThat(server.service.validator().validate(alice)).isEmpty();
        assertError(validate("DELETE", admin, alice), 404, "Not Found");
        assertThat(server.service.validator().validate(admin)).isPresent();
    }

    @Test
    void tokensExpireAfterTheirLifetime() throws Exception {
        server.clock.advance(KeystoneServer.TTL.minusNanos(1_000));
        assertThat(server.service.validator().validate(alice)).isPresent();
        String fresh = server.issue("admin", ADMIN_PASSWORD, "admin");

        server.clock.advance(Duration.ofNanos(1_000));

        assertThat(server.service.validator().validate(alice)).isEmpty();
        assertError(validate("GET", fresh, alice), 404, "Not Found");
        assertError(validate("GET", admin, fresh), 401, "Unauthorized");
        assertThat(validate("GET", fresh, fresh).status()).isEqualTo(200);
    }

    @Test
    void theValidatorRejectsMissingAndUnknownTokens() {
        TokenValidator validator = server.service.validator();

        assertThat(validator.validate(null)).isEmpty();
        assertThat(validator.validate("")).isEmpty();
        assertThat(validator.validate(alice + "x")).isEmpty();
        assertThat(validator.validate(alice).orElseThrow().projectId()).isEqualTo("p-red");
    }

    private Reply validate(String method, String caller, String subject) throws Exception {
        return server.send(method, TokenApi.PATH, null, "X-Auth-Token", caller, "X-Subject-Token", subject);
    }
}
