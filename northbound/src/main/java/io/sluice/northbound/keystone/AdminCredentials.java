package io.sluice.northbound.keystone;

import java.nio.file.Path;

/**
 * The admin credentials generated at first start. The plain password exists only here and in the root-only
 * {@code openrc} file; the identity file holds its hash.
 */
public record AdminCredentials(String userName, String password, String projectName, Path openrc) {

    /** Leaves the password out so logging the record does not leak it. */
    @Override
    public String toString() {
        return "AdminCredentials[user=" + userName + ", project=" + projectName + ", openrc=" + openrc + "]";
    }
}
