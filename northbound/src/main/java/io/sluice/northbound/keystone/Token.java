package io.sluice.northbound.keystone;

import java.time.Instant;

/**
 * An issued token.
 *
 * @param id      the secret the client sends as {@code X-Auth-Token}
 * @param auditId a non-secret id naming the token in logs
 */
record Token(String id, Scope scope, Instant issuedAt, Instant expiresAt, String auditId) {

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Leaves the secret out so a logged token cannot be replayed. */
    @Override
    public String toString() {
        return "Token[audit=" + auditId + ", user=" + scope.context().userName() + ", project="
                + scope.context().projectName() + ", expires=" + expiresAt + "]";
    }
}
