package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.TenantState;
import io.sluice.models.tenant.ModelIndex;
import io.sluice.models.tenant.TenantModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-project limits: the configured defaults, overridden per project in the store. A create that would take a
 * project past a limit answers 409 OverQuota; -1 is unlimited.
 */
final class Quotas {
    static final List<String> RESOURCES = List.of(ModelIndex.NETWORKS, ModelIndex.SUBNETS, ModelIndex.PORTS,
            ModelIndex.ROUTERS, ModelIndex.FLOATING_IPS);

    private final Map<String, Integer> defaults;

    Quotas(Map<String, Integer> defaults) {
        this.defaults = Map.copyOf(defaults);
    }

    Map<String, Integer> defaults() {
        return ordered(defaults);
    }

    Map<String, Integer> limits(TenantState state, String projectId) {
        Map<String, Integer> limits = new LinkedHashMap<>(defaults);
        limits.putAll(state.quota(projectId));
        return ordered(limits);
    }

    static Map<String, Integer> usage(TenantModel model, String projectId) {
        ModelIndex index = ModelIndex.of(model);
        Map<String, Integer> used = new LinkedHashMap<>();
        RESOURCES.forEach(r -> used.put(r, index.count(r, projectId)));
        return used;
    }

    /** Throws OverQuota when the project cannot have {@code adding} more of the resource. */
    void check(TenantState state, String projectId, String resource, int adding) {
        int limit = limits(state, projectId).get(resource);
        if (limit >= 0 && usage(state.model(), projectId).get(resource) + adding > limit) {
            throw ApiError.conflict("OverQuota", "Quota exceeded for resources: ['" + resource + "'].");
        }
    }

    /**
     * Checks a create of one resource for each of {@code owners} (a bulk's projects, one per item) against each
     * project's limit at once, as Neutron reserves a bulk's quota for all of its items before it creates any.
     */
    void check(TenantState state, String resource, List<String> owners) {
        Map<String, Integer> adding = new LinkedHashMap<>();
        owners.forEach(project -> adding.merge(project, 1, Integer::sum));
        adding.forEach((project, count) -> check(state, project, resource, count));
    }

    private static Map<String, Integer> ordered(Map<String, Integer> limits) {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        RESOURCES.forEach(r -> ordered.put(r, limits.get(r)));
        return ordered;
    }
}
