package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.StandardAttributes;
import io.sluice.models.tenant.ExternalGateway;
import io.sluice.models.tenant.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A router as Neutron shows it (router, ext-gw-mode, extraroute). */
final class RouterJson {
    static final Schema SCHEMA = new Schema("routers", Map.ofEntries(
            Map.entry("id", Schema.Kind.STRING), Map.entry("name", Schema.Kind.STRING),
            Map.entry("tenant_id", Schema.Kind.STRING), Map.entry("project_id", Schema.Kind.STRING),
            Map.entry("admin_state_up", Schema.Kind.BOOLEAN), Map.entry("status", Schema.Kind.STRING),
            Map.entry("external_gateway_info", Schema.Kind.COMPLEX), Map.entry("routes", Schema.Kind.COMPLEX),
            Map.entry("availability_zone_hints", Schema.Kind.LIST), Map.entry("availability_zones", Schema.Kind.LIST),
            Map.entry("description", Schema.Kind.STRING), Map.entry("tags", Schema.Kind.LIST),
            Map.entry("created_at", Schema.Kind.STRING), Map.entry("updated_at", Schema.Kind.STRING),
            Map.entry("revision_number", Schema.Kind.INTEGER)),
            Map.of(), id -> ApiError.notFound("RouterNotFound", "Router " + id + " could not be found"));

    private RouterJson() {
    }

    static Map<String, Object> view(Router router, StandardAttributes standard) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", router.id());
        view.put("name", router.name());
        Views.project(view, router.projectId());
        view.put("admin_state_up", router.adminStateUp());
        view.put("status", "ACTIVE");
        view.put("external_gateway_info", gateway(router.externalGateway()));
        view.put("routes", router.routes().stream()
                .map(r -> Views.pair("destination", r.destination(), "nexthop", r.nexthop())).toList());
        view.put("availability_zone_hints", List.of());
        view.put("availability_zones", List.of());
        Views.standard(view, standard, router.revision());
        return view;
    }

    private static Map<String, Object> gateway(ExternalGateway gateway) {
        if (gateway == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("network_id", gateway.networkId());
        view.put("enable_snat", gateway.enableSnat());
        view.put("external_fixed_ips", gateway.externalFixedIps().stream()
                .map(ip -> Views.pair("subnet_id", ip.subnetId(), "ip_address", ip.ipAddress())).toList());
        return view;
    }
}
