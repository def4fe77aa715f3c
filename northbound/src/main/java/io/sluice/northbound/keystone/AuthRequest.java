package io.sluice.northbound.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code POST /v3/auth/tokens} body, reduced to what Sluice supports: the password method, scoped to one
 * project. A body that is not shaped like Keystone's schema is a 400; a well-formed request for something
 * Sluice does not issue (another method, an unscoped or domain-scoped token) is a 401, as Keystone answers.
 */
record AuthRequest(EntityRef user, String password, EntityRef project) {

    /** Leaves the password out so a logged request does not leak it. */
    @Override
    public String toString() {
        return "AuthRequest[user=" + user + ", project=" + project + "]";
    }

    /** A domain named by id or by name; the id wins when both are given, as in Keystone. */
    record DomainRef(Optional<String> id, Optional<String> name) {
    }

    /** A user or project named by id, or by name within a domain. */
    record EntityRef(Optional<String> id, Optional<String> name, Optional<DomainRef> domain) {
    }

    static AuthRequest parse(JsonNode body) {
        JsonNode auth = object(body, "auth", "request body");
        JsonNode identity = object(auth, "identity", "auth");
        List<String> methods = methods(identity);
        if (!methods.equals(List.of("password"))) {
            throw KeystoneError.unauthorized("Sluice supports the password authentication method only, not " + methods);
        }
        JsonNode user = object(object(identity, "password", "identity"), "user", "password");
        String password = text(user, "password", "user").orElseThrow(() -> missing("password", "user"));
        JsonNode scope = auth.get("scope");
        if (scope == null || scope.isNull() || (scope.isObject() && !scope.has("project"))) {
            throw KeystoneError.unauthorized("Sluice issues project-scoped tokens only: add a project scope");
        }
        return new AuthRequest(entity(user, "user"), password, entity(object(scope, "project", "scope"), "project"));
    }

    private static List<String> methods(JsonNode identity) {
        JsonNode methods = identity.get("methods");
        if (methods == null || !methods.isArray() || methods.isEmpty()) {
            throw missing("methods", "identity");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode method : methods) {
            if (!method.isTextual()) {
                throw KeystoneError.badRequest("Invalid input for field identity/methods: expected strings");
            }
            names.add(method.asText());
        }
        return names;
    }

    private static EntityRef entity(JsonNode node, String what) {
        Optional<String> id = text(node, "id", what);
        Optional<String> name = text(node, "name", what);
        if (id.isPresent()) {
            return new EntityRef(id, name, Optional.empty());
        }
        if (name.isEmpty()) {
            throw KeystoneError.badRequest("Expecting to find id or name in " + what);
        }
        JsonNode domain = object(node, "domain", what);
        Optional<String> domainId = text(domain, "id", what + " domain");
        Optional<String> domainName = text(domain, "name", what + " domain");
        if (domainId.isEmpty() && domainName.isEmpty()) {
            throw KeystoneError.badRequest("Expecting to find id or name in " + what + " domain");
        }
        return new EntityRef(id, name, Optional.of(new DomainRef(domainId, domainName)));
    }

    private static JsonNode object(JsonNode node, String field, String where) {
        JsonNode child = node == null ? null : node.get(field);
        if (child == null || !child.isObject()) {
            throw missing(field, where);
        }
        return child;
    }

    private static Optional<String> text(JsonNode node, String field, String where) {
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) {
            return Optional.empty();
        }
        if (!child.isTextual()) {
            throw KeystoneError.badRequest("Invalid input for field " + where + "/" + field + ": expected a string");
        }
        return Optional.of(child.asText());
    }

    private static KeystoneError missing(String field, String where) {
        return KeystoneError.badRequest("Expecting to find " + field + " in " + where + ". The server could not comply"
                + " with the request since it is either malformed or otherwise incorrect.");
    }
}
