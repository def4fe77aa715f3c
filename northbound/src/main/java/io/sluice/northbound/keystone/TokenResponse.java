package io.sluice.northbound.keystone;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/**
 * A token's body as Keystone v3 renders it ({@code {"token": {...}}}), with the service catalog that tells
 * clients where Neutron is. The catalog is the same for every token, so it is built once.
 */
final class TokenResponse {
    /**
     * Keystone's own format, {@code %Y-%m-%dT%H:%M:%S.%fZ}: microseconds and a literal Z; an offset such as
     * {@code +00:00} breaks some clients.
     */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> INTERFACES = List.of("public", "internal", "admin");

    private final List<Service> catalog;

    record Body(@JsonProperty("token") TokenView token) {
    }

    record TokenView(
            @JsonProperty("methods") List<String> methods,
            @JsonProperty("expires_at") String expiresAt,
            @JsonProperty("issued_at") String issuedAt,
            @JsonProperty("audit_ids") List<String> auditIds,
            @JsonProperty("user") Owner user,
            @JsonProperty("project") Owner project,
            @JsonProperty("is_domain") boolean isDomain,
            @JsonProperty("roles") List<IdName> roles,
            @JsonProperty("catalog") List<Service> catalog) {
    }

    /** A user or project with its domain. */
    record Owner(@JsonProperty("id") String id, @JsonProperty("name") String name,
                 @JsonProperty("domain") IdName domain) {
    }

    record IdName(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    }

    record Service(@JsonProperty("id") String id, @JsonProperty("type") String type,
                   @JsonProperty("name") String name, @JsonProperty("endpoints") List<Endpoint> endpoints) {
    }

    record Endpoint(@JsonProperty("id") String id, @JsonProperty("interface") String interfaceName,
                    @JsonProperty("region") String region, @JsonProperty("region_id") String regionId,
                    @JsonProperty("url") String url) {
    }

    /**
     * @param neutronRoot  Neutron's root without {@code /v2.0} (clients append it), e.g. http://HOST:9696/
     * @param identityRoot Keystone's root, e.g. http://HOST:5000/; the catalog names its {@code v3}
     */
    TokenResponse(String neutronRoot, String identityRoot) {
        this.catalog = List.of(service("network", "neutron", neutronRoot),
                service("identity", "keystone", identityRoot + "v3"));
    }

    Body render(Token token) {
        Scope scope = token.scope();
        AuthContext context = scope.context();
        List<IdName> roles = context.roles().stream().map(Role::fromName).sorted(Comparator.naturalOrder())
                .map(role -> new IdName(role.id(), role.wireName())).toList();
        return new Body(new TokenView(List.of("password"), timestamp(token.expiresAt()), timestamp(token.issuedAt()),
                List.of(token.auditId()),
                new Owner(context.userId(), context.userName(), idName(scope.userDomain())),
                new Owner(context.projectId(), context.projectName(), idName(scope.projectDomain())),
                false, roles, catalog));
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static IdName idName(Domain domain) {
        return new IdName(domain.id(), domain.name());
    }

    /** Catalog ids are stable so they stay the same across restarts, as a real deployment's do. */
    private static Service service(String type, String name, String url) {
        List<Endpoint> endpoints = INTERFACES.stream()
                .map(iface -> new Endpoint(Ids.stable("catalog/" + type + "/" + iface), iface,
                        KeystoneUrls.REGION, KeystoneUrls.REGION, url))
                .toList();
        return new Service(Ids.stable("catalog/" + type), type, name, endpoints);
    }
}
