package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.StandardAttributes;
import io.sluice.models.tenant.Subnet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A subnet as Neutron shows it (IPv4 only). */
final class SubnetJson {
    static final Schema SCHEMA = new Schema("subnets", Map.ofEntries(
            Map.entry("id", Schema.Kind.STRING), Map.entry("name", Schema.Kind.STRING),
            Map.entry("tenant_id", Schema.Kind.STRING), Map.entry("project_id", Schema.Kind.STRING),
            Map.entry("network_id", Schema.Kind.STRING), Map.entry("ip_version", Schema.Kind.INTEGER),
            Map.entry("cidr", Schema.Kind.STRING), Map.entry("gateway_ip", Schema.Kind.STRING),
            Map.entry("enable_dhcp", Schema.Kind.BOOLEAN), Map.entry("dns_nameservers", Schema.Kind.LIST),
            Map.entry("allocation_pools", Schema.Kind.COMPLEX), Map.entry("host_routes", Schema.Kind.COMPLEX),
            Map.entry("subnetpool_id", Schema.Kind.STRING), Map.entry("ipv6_ra_mode", Schema.Kind.STRING),
            Map.entry("ipv6_address_mode", Schema.Kind.STRING), Map.entry("segment_id", Schema.Kind.STRING),
            Map.entry("service_types", Schema.Kind.LIST),
            Map.entry("description", Schema.Kind.STRING), Map.entry("tags", Schema.Kind.LIST),
            Map.entry("created_at", Schema.Kind.STRING), Map.entry("updated_at", Schema.Kind.STRING),
            Map.entry("revision_number", Schema.Kind.INTEGER)),
            Map.of(), id -> ApiError.notFound("SubnetNotFound", "Subnet " + id + " could not be found."));

    private SubnetJson() {
    }

    static Map<String, Object> view(Subnet subnet, StandardAttributes standard) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", subnet.id());
        view.put("name", subnet.name());
        Views.project(view, subnet.projectId());
        view.put("network_id", subnet.networkId());
        view.put("ip_version", 4);
        view.put("subnetpool_id", null);
        view.put("enable_dhcp", subnet.enableDhcp());
        view.put("ipv6_ra_mode", null);
        view.put("ipv6_address_mode", null);
        view.put("gateway_ip", subnet.gatewayIp());
        view.put("cidr", subnet.cidr());
        view.put("allocation_pools", subnet.allocationPools().stream()
                .map(p -> Views.pair("start", p.start(), "end", p.end())).toList());
        view.put("host_routes", subnet.hostRoutes().stream()
                .map(r -> Views.pair("destination", r.destination(), "nexthop", r.nexthop())).toList());
        view.put("dns_nameservers", subnet.dnsNameservers());
        view.put("service_types", List.of());
        view.put("segment_id", null);
        Views.standard(view, standard, subnet.revision());
        return view;
    }
}
