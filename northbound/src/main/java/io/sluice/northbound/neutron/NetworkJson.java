package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.StandardAttributes;
import io.sluice.models.tenant.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A network as Neutron shows it (core attributes plus provider, external-net, mtu, port-security). */
final class NetworkJson {
    static final Schema SCHEMA = new Schema("networks", Map.ofEntries(
            Map.entry("id", Schema.Kind.STRING), Map.entry("name", Schema.Kind.STRING),
            Map.entry("tenant_id", Schema.Kind.STRING), Map.entry("project_id", Schema.Kind.STRING),
            Map.entry("admin_state_up", Schema.Kind.BOOLEAN), Map.entry("status", Schema.Kind.STRING),
            Map.entry("shared", Schema.Kind.BOOLEAN), Map.entry("router:external", Schema.Kind.BOOLEAN),
            Map.entry("mtu", Schema.Kind.INTEGER), Map.entry("subnets", Schema.Kind.LIST),
            Map.entry("port_security_enabled", Schema.Kind.BOOLEAN),
            Map.entry("provider:network_type", Schema.Kind.STRING),
            Map.entry("provider:physical_network", Schema.Kind.STRING),
            Map.entry("provider:segmentation_id", Schema.Kind.INTEGER),
            Map.entry("description", Schema.Kind.STRING), Map.entry("tags", Schema.Kind.LIST),
            Map.entry("created_at", Schema.Kind.STRING), Map.entry("updated_at", Schema.Kind.STRING),
            Map.entry("revision_number", Schema.Kind.INTEGER),
            Map.entry("availability_zone_hints", Schema.Kind.LIST), Map.entry("availability_zones", Schema.Kind.LIST),
            Map.entry("ipv4_address_scope", Schema.Kind.STRING), Map.entry("ipv6_address_scope", Schema.Kind.STRING),
            Map.entry("l2_adjacency", Schema.Kind.BOOLEAN)),
            Map.of(), id -> ApiError.notFound("NetworkNotFound", "Network " + id + " could not be found."));

    private NetworkJson() {
    }

    static Map<String, Object> view(Network network, StandardAttributes standard, List<String> subnetIds) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", network.id());
        view.put("name", network.name());
        Views.project(view, network.projectId());
        view.put("admin_state_up", network.adminStateUp());
        view.put("status", "ACTIVE");
        view.put("subnets", subnetIds);
        view.put("shared", network.shared());
        view.put("router:external", network.external());
        view.put("mtu", network.mtu());
        view.put("port_security_enabled", true);
        view.put("provider:network_type", network.type().wireName());
        view.put("provider:physical_network", network.physicalNetwork());
        view.put("provider:segmentation_id", network.segmentationId());
        view.put("availability_zone_hints", List.of());
        view.put("availability_zones", List.of());
        view.put("ipv4_address_scope", null);
        view.put("ipv6_address_scope", null);
        view.put("l2_adjacency", true);
        Views.standard(view, standard, network.revision());
        return view;
    }
}
