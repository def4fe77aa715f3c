package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.tenant.Subnet;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shapes shared by the resource handlers. */
final class Resources {
    private Resources() {
    }

    /**
     * The call's page of the views the caller may see: {@code {"networks": [...], "networks_links": [...]}}, the
     * links only when the list is paginated.
     */
    static Reply list(Call call, Schema schema, List<Map<String, Object>> visible) {
        Query.Page page = call.query(schema).apply(visible, call.pathUrl());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(schema.collection(), page.items());
        if (!page.links().isEmpty()) {
            body.put(schema.collection() + "_links", page.links());
        }
        return Reply.ok(body);
    }

    /** {@code {"network": {...}}} with the fields the call asks for. */
    static Reply show(Call call, Schema schema, String resource, Map<String, Object> view) {
        return Reply.ok(Map.of(resource, call.query(schema).project(view)));
    }

    /** A network's subnets in creation order: the order Neutron tries them in for a port's default address. */
    static List<Subnet> subnetsInOrder(TenantState state, String networkId) {
        return state.model().subnetsOf(networkId).stream()
                .sorted(Comparator.<Subnet, Instant>comparing(s -> state.standard(ResourceKey.subnet(s.id()))
                        .orElseThrow().createdAt()).thenComparing(Subnet::id))
                .toList();
    }
}
