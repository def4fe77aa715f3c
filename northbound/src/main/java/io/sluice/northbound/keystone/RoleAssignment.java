package io.sluice.northbound.keystone;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** A user holds a role in a project; a user can scope a token only to projects where it holds a role. */
public record RoleAssignment(
        @JsonProperty("user_id") String userId,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("role") Role role) {

    public RoleAssignment {
        Checks.nonBlank(userId, "role assignment user_id");
        Checks.nonBlank(projectId, "role assignment project_id");
        Objects.requireNonNull(role, "role assignment role");
    }
}
