package io.sluice.northbound.keystone;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user; its name is unique within its domain. Only the password's hash is kept ({@link PasswordHasher}'s
 * format), so a configuration file holding a plain password is rejected.
 */
public record User(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("domain_id") String domainId,
        @JsonProperty("password_hash") String passwordHash) {

    public User {
        Checks.nonBlank(id, "user id");
        Checks.nonBlank(name, "user name");
        domainId = domainId == null ? Domain.DEFAULT.id() : domainId;
        PasswordHasher.requireWellFormed(passwordHash, "password_hash of user " + name);
    }

    /** Leaves the hash out so a logged user does not hand an offline guesser its hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", name=" + name + ", domainId=" + domainId + "]";
    }
}
