package io.sluice.northbound.keystone;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who may authenticate: domains, projects, users (with password hashes) and role assignments, as read from
 * the identity file. Validated whole on construction, so a file with a dangling reference or a duplicate
 * name is rejected at start-up rather than half-applied. The default domain is always present.
 */
public record IdentityConfig(
        @JsonProperty("domains") List<Domain> domains,
        @JsonProperty("projects") List<Project> projects,
        @JsonProperty("users") List<User> users,
        @JsonProperty("role_assignments") List<RoleAssignment> roleAssignments) {

    public IdentityConfig {
        domains = withDefaultDomain(domains == null ? List.of() : domains);
        projects = projects == null ? List.of() : List.copyOf(projects);
        users = users == null ? List.of() : List.copyOf(users);
        roleAssignments = roleAssignments == null ? List.of() : List.copyOf(roleAssignments);
        requireUnique(domains, Domain::id, "domain id");
        requireUnique(domains, Domain::name, "domain name");
        requireUnique(projects, Project::id, "project id");
        requireUnique(projects, p -> p.domainId() + "/" + p.name(), "project name in a domain");
        requireUnique(users, User::id, "user id");
        requireUnique(users, u -> u.domainId() + "/" + u.name(), "user name in a domain");
        Set<String> domainIds = domains.stream().map(Domain::id).collect(Collectors.toSet());
        projects.forEach(p -> requireKnown(domainIds, p.domainId(), "domain of project " + p.name()));
        users.forEach(u -> requireKnown(domainIds, u.domainId(), "domain of user " + u.name()));
        Set<String> projectIds = projects.stream().map(Project::id).collect(Collectors.toSet());
        Set<String> userIds = users.stream().map(User::id).collect(Collectors.toSet());
        for (RoleAssignment assignment : roleAssignments) {
            requireKnown(userIds, assignment.userId(), "user of a role assignment");
            requireKnown(projectIds, assignment.projectId(), "project of a role assignment");
        }
    }

    public static Builder builder(PasswordHasher hasher) {
        return new Builder(hasher, new IdentityConfig(null, null, null, null));
    }

    /** A builder that starts from this configuration, e.g. to add test users to a generated file. */
    public Builder toBuilder(PasswordHasher hasher) {
        return new Builder(hasher, this);
    }

    private static List<Domain> withDefaultDomain(List<Domain> domains) {
        List<Domain> all = new ArrayList<>(domains);
        if (all.stream().noneMatch(d -> d.id().equals(Domain.DEFAULT.id()))) {
            all.add(0, Domain.DEFAULT);
        }
        return List.copyOf(all);
    }

    private static <T> void requireUnique(List<T> items, Function<T, String> key, String what) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            if (!seen.add(key.apply(item))) {
                throw new IllegalArgumentException("duplicate " + what + ": " + key.apply(item));
            }
        }
    }

    private static void requireKnown(Set<String> ids, String id, String what) {
        if (!ids.contains(id)) {
            throw new IllegalArgumentException(what + " does not exist: " + id);
        }
    }

    /** Collects identities for a configuration; passwords given here are hashed at once. */
    public static final class Builder {
        private final PasswordHasher hasher;
        private final List<Domain> domains;
        private final List<Project> projects;
        private final List<User> users;
        private final List<RoleAssignment> roleAssignments;

        private Builder(PasswordHasher hasher, IdentityConfig start) {
            this.hasher = hasher;
            this.domains = new ArrayList<>(start.domains());
            this.projects = new ArrayList<>(start.projects());
            this.users = new ArrayList<>(start.users());
            this.roleAssignments = new ArrayList<>(start.roleAssignments());
        }

        public Builder domain(String id, String name) {
            domains.add(new Domain(id, name));
            return this;
        }

        public Builder project(String id, String name) {
            return project(id, name, Domain.DEFAULT.id());
        }

        public Builder project(String id, String name, String domainId) {
            projects.add(new Project(id, name, domainId));
            return this;
        }

        public Builder user(String id, String name, String password) {
            return user(id, name, Domain.DEFAULT.id(), password);
        }

        public Builder user(String id, String name, String domainId, String password) {
            users.add(new User(id, name, domainId, hasher.hash(password)));
            return this;
        }

        public Builder assign(String userId, String projectId, Role role) {
            roleAssignments.add(new RoleAssignment(userId, projectId, role));
            return this;
        }

        public IdentityConfig build() {
            return new IdentityConfig(domains, projects, users, roleAssignments);
        }
    }
}
