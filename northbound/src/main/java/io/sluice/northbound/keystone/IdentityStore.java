package io.sluice.northbound.keystone;

import io.sluice.northbound.keystone.AuthRequest.DomainRef;
import io.sluice.northbound.keystone.AuthRequest.EntityRef;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Looks up an {@link IdentityConfig} the ways Keystone requests name things, and checks passwords. Immutable;
 * password checks are CPU-bound by design, so callers run {@link #authenticate} off the event loop.
 */
public final class IdentityStore {
    private final PasswordHasher hasher;
    private final Map<String, Domain> domainsById;
    private final Map<String, Domain> domainsByName;
    private final Map<String, User> usersById;
    private final Map<NameInDomain, User> usersByName;
    private final Map<String, Project> projectsById;
    private final Map<NameInDomain, Project> projectsByName;
    private final Map<Assignee, Set<Role>> roles;

    private record NameInDomain(String domainId, String name) {
    }

    private record Assignee(String userId, String projectId) {
    }

    public IdentityStore(IdentityConfig config, PasswordHasher hasher) {
        this.hasher = hasher;
        this.domainsById = byKey(config.domains(), Domain::id);
        this.domainsByName = byKey(config.domains(), Domain::name);
        this.usersById = byKey(config.users(), User::id);
        this.usersByName = byKey(config.users(), u -> new NameInDomain(u.domainId(), u.name()));
        this.projectsById = byKey(config.projects(), Project::id);
        this.projectsByName = byKey(config.projects(), p -> new NameInDomain(p.domainId(), p.name()));
        this.roles = Map.copyOf(config.roleAssignments().stream().collect(Collectors.groupingBy(
                a -> new Assignee(a.userId(), a.projectId()),
                Collectors.mapping(RoleAssignment::role, Collectors.toCollection(() -> EnumSet.noneOf(Role.class))))));
    }

    /** Every project's name by its id. */
    public Map<String, String> projectNames() {
        return projectsById.values().stream().collect(Collectors.toUnmodifiableMap(Project::id, Project::name));
    }

    /**
     * The scope the request earns, or empty when the user, password or project is wrong or the user holds
     * no role in the project. The reasons are not told apart, so a caller cannot probe for names.
     */
    Optional<Scope> authenticate(AuthRequest request) {
        Optional<User> user = find(request.user(), usersById, usersByName);
        if (user.isEmpty()) {
            hasher.spendVerificationTime(request.password());
            return Optional.empty();
        }
        if (!hasher.verify(request.password(), user.get().passwordHash())) {
            return Optional.empty();
        }
        return find(request.project(), projectsById, projectsByName).flatMap(project -> scope(user.get(), project));
    }

    private Optional<Scope> scope(User user, Project project) {
        Set<Role> held = roles.getOrDefault(new Assignee(user.id(), project.id()), Set.of());
        if (held.isEmpty()) {
            return Optional.empty();
        }
        AuthContext context = new AuthContext(user.id(), user.name(), project.id(), project.name(),
                held.stream().map(Role::wireName).collect(Collectors.toSet()));
        return Optional.of(new Scope(context, domainsById.get(user.domainId()), domainsById.get(project.domainId())));
    }

    private <T> Optional<T> find(EntityRef ref, Map<String, T> byId, Map<NameInDomain, T> byName) {
        if (ref.id().isPresent()) {
            return Optional.ofNullable(byId.get(ref.id().get()));
        }
        return ref.domain().flatMap(this::domain)
                .map(domain -> byName.get(new NameInDomain(domain.id(), ref.name().orElseThrow())));
    }

    private Optional<Domain> domain(DomainRef ref) {
        return ref.id().isPresent() ? Optional.ofNullable(domainsById.get(ref.id().get()))
                : ref.name().map(domainsByName::get);
    }

    private static <K, V> Map<K, V> byKey(List<V> values, Function<V, K> key) {
        return values.stream().collect(Collectors.toUnmodifiableMap(key, v -> v));
    }
}
