package io.sluice.northbound.keystone;

import java.security.SecureRandom;

/**
 * The identities the tests authenticate as: an admin, two members in two projects, and a user named like
 * one of them in another domain, to prove names are looked up within their domain.
 */
final class TestIdentity {
    static final String ADMIN_PASSWORD = "admin-secret";
    static final String ALICE_PASSWORD = "alice-secret";
    static final String BOB_PASSWORD = "bob-secret";
    static final String OTHER_ALICE_PASSWORD = "other-alice-secret";

    private TestIdentity() {
    }

    /** Few iterations keep the tests fast; the format and the code path are the production ones. */
    static PasswordHasher fastHasher() {
        return new PasswordHasher(1_000, new SecureRandom());
    }

    static IdentityConfig config() {
        return IdentityConfig.builder(fastHasher())
                .domain("other-domain", "Other")
                .project("p-admin", "admin")
                .project("p-red", "red")
                .project("p-blue", "blue")
                .project("p-other-red", "red", "other-domain")
                .user("u-admin", "admin", ADMIN_PASSWORD)
                .user("u-alice", "alice", ALICE_PASSWORD)
                .user("u-bob", "bob", BOB_PASSWORD)
                .user("u-other-alice", "alice", "other-domain", OTHER_ALICE_PASSWORD)
                .assign("u-admin", "p-admin", Role.ADMIN)
                .assign("u-alice", "p-red", Role.MEMBER)
                .assign("u-bob", "p-blue", Role.MEMBER)
                .assign("u-other-alice", "p-other-red", Role.MEMBER)
                .build();
    }

    static IdentityStore store() {
        return new IdentityStore(config(), fastHasher());
    }

    /** A password auth request; {@code user} and {@code scope} are JSON members, scope null for none. */
    static String auth(String user, String password, String scope) {
        String identity = "{\"methods\": [\"password\"], \"password\": {\"user\": {" + user
                + ", \"password\": \"" + password + "\"}}}";
        return "{\"auth\": {\"identity\": " + identity + (scope == null ? "" : ", \"scope\": {" + scope + "}") + "}}";
    }

    /** User and project by name in the default domain, as the CLI sends with OS_*_DOMAIN_NAME=Default. */
    static String authByName(String user, String password, String project) {
        return auth("\"name\": \"" + user + "\", \"domain\": {\"name\": \"Default\"}", password,
                "\"project\": {\"name\": \"" + project + "\", \"domain\": {\"name\": \"Default\"}}");
    }
}
