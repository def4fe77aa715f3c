package io.sluice.northbound.keystone;

import java.util.Optional;

/** How the Neutron API checks an {@code X-Auth-Token}. */
@FunctionalInterface
public interface TokenValidator {
    /** The token's context, or empty when the token is unknown, revoked or expired (answer 401). */
    Optional<AuthContext> validate(String token);

    /** The context of a request's {@code X-Auth-Token} header: empty when it is missing or empty, or invalid. */
    default Optional<AuthContext> validateHeader(String header) {
        return header == null || header.isEmpty() ? Optional.empty() : validate(header);
    }
}
