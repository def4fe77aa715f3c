package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * /v2.0/quotas: a project's limits (a member reads its own, the admin any and sets them), their usage
 * (quota_details), the defaults, and the admin's list of projects with limits of their own.
 */
final class QuotaHandler {
    private final TenantRepository repository;
    private final Quotas quotas;

    QuotaHandler(TenantRepository repository, Quotas quotas) {
        this.repository = repository;
        this.quotas = quotas;
    }

    Reply list(Call call) {
        if (!call.policy().isAdmin()) {
            throw ApiError.adminRequired("Only admin can view or configure quota");
        }
        TenantState state = repository.state();
        List<Map<String, Object>> all = new ArrayList<>();
        for (String project : new TreeSet<>(state.quotas().keySet())) {
            Map<String, Object> view = new LinkedHashMap<>(quotas.limits(state, project));
            Views.project(view, project);
            all.add(view);
        }
        return Reply.ok(Map.of("quotas", all));
    }

    Reply show(Call call) {
        if (call.id().equals("tenant")) {
            // neutronclient's "who am I": the project of the token.
            return Reply.ok(Map.of("tenant", Map.of("tenant_id", call.policy().projectId())));
        }
        readable(call);
        return Reply.ok(Map.of("quota", withProject(quotas.limits(repository.state(), call.id()), call.id())));
    }

    Reply details(Call call) {
        readable(call);
        TenantState state = repository.state();
        Map<String, Integer> used = Quotas.usage(state.model(), call.id());
        Map<String, Object> details = new LinkedHashMap<>();
        quotas.limits(state, call.id()).forEach((resource, limit) ->
                details.put(resource, Map.of("limit", limit, "used", used.get(resource), "reserved", 0)));
        return Reply.ok(Map.of("quota", withProject(details, call.id())));
    }

    Reply defaults(Call call) {
        readable(call);
        return Reply.ok(Map.of("quota", withProject(quotas.defaults(), call.id())));
    }

    Reply update(Call call) {
        if (!call.policy().isAdmin()) {
            throw ApiError.policy("rule:update_quota");
        }
        Map<String, Integer> limits = parse(call.body());
        TenantState after = repository.mutate(state -> {
            Map<String, Integer> set = new LinkedHashMap<>(state.quota(call.id()));
            set.putAll(limits);
            return Changes.of().quota(call.id(), set);
        });
        return Reply.ok(Map.of("quota", withProject(quotas.limits(after, call.id()), call.id())));
    }

    Reply delete(Call call) {
        if (!call.policy().isAdmin()) {
            throw ApiError.policy("rule:delete_quota");
        }
        repository.mutate(state -> state.quotas().containsKey(call.id())
                ? Changes.of().quota(call.id(), Map.of()) : Changes.of());
        return Reply.noContent();
    }

    private static void readable(Call call) {
        if (!call.policy().owns(call.id())) {
            throw ApiError.policy("rule:get_quota");
        }
    }

    private static Map<String, Object> withProject(Map<String, ?> values, String projectId) {
        Map<String, Object> view = new LinkedHashMap<>(values);
        Views.project(view, projectId);
        return view;
    }

    /** {"quota": {"network": 10, ...}}: known resources only, integers from -1 (unlimited) up. */
    private static Map<String, Integer> parse(String body) {
        JsonNode root = Attrs.readJson(body);
        JsonNode quota = root.get("quota");
        if (quota == null || !quota.isObject()) {
            throw ApiError.badRequest("Unable to find 'quota' in request body");
        }
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = quota.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String resource = entry.getKey();
            if (!Quotas.RESOURCES.contains(resource)) {
                throw ApiError.badRequest("Unrecognized attribute(s) '" + resource + "'");
            }
            JsonNode value = entry.getValue();
            Integer limit = value.isIntegralNumber() && value.canConvertToInt() ? Integer.valueOf(value.asInt())
                    : value.isTextual() && value.asText().matches("-?\\d{1,9}") ? Integer.valueOf(value.asText())
                    : null;
            if (limit == null) {
                throw ApiError.invalid(resource, "'" + value + "' is not an integer");
            }
            if (limit < -1) {
                throw ApiError.invalid(resource, "'" + limit + "' is too small - must be at least '-1'");
            }
            limits.put(resource, limit);
        }
        return limits;
    }
}
