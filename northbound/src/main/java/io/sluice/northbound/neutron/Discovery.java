package io.sluice.northbound.neutron;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documents that describe the API: versions (GET /), resources (GET /v2.0/) and the extensions Sluice
 * implements (GET /v2.0/extensions), which is what Nova and the CLI look at before using an attribute.
 */
final class Discovery {
    private record Extension(String alias, String name, String description) {
        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", name);
            view.put("alias", alias);
            view.put("description", description);
            view.put("updated", "2013-01-01T10:00:00-00:00");
            view.put("links", List.of());
            return view;
        }
    }

    private static final List<Extension> EXTENSIONS = List.of(
            new Extension("agent", "agent", "The agent management extension."),
            new Extension("allowed-address-pairs", "Allowed Address Pairs",
                    "Provides allowed address pairs"),
            new Extension("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
            new Extension("binding-extended", "Port Bindings Extended", "Expose port bindings of a virtual port to "
                    + "external application"),
            new Extension("expose-port-forwarding-in-fip", "Expose port forwardings in a floating IP",
                    "Expose port forwardings in a floating IP"),
            new Extension("ext-gw-mode", "Neutron L3 Configurable external gateway mode", "Extension of the router "
                    + "abstraction for specifying whether SNAT should occur on the external gateway"),
            new Extension("extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router"),
            new Extension("floating-ip-port-forwarding", "Floating IP Port Forwarding", "Provides port forwarding "
                    + "for floating IPs"),
            new Extension("fip-port-details", "Floating IP Port Details Extension", "Add port_details attribute "
                    + "to Floating IP resource"),
            new Extension("l3_agent_scheduler", "L3 Agent Scheduler", "Schedule routers among l3 agents"),
            new Extension("router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 "
                    + "Neutron networks and access to external networks via a NAT gateway."),
            new Extension("external-net", "Neutron external network", "Adds external network attribute to network "
                    + "resource."),
            new Extension("filter-validation", "Filter parameters validation", "Provides validation on filter "
                    + "parameters."),
            new Extension("network-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
            new Extension("pagination", "Pagination support", "Extension that indicates that pagination is enabled."),
            new Extension("port-security", "Port Security", "Provides port security"),
            new Extension("project-id", "project_id field enabled", "Extension that indicates that project_id field "
                    + "is enabled."),
            new Extension("provider", "Provider Network", "Expose mapping of virtual networks to physical networks"),
            new Extension("quota_details", "Quota details management support", "Expose functions for quotas usage "
                    + "statistics per project"),
            new Extension("quotas", "Quota management support", "Expose functions for quotas management per "
                    + "project"),
            new Extension("sluice-mpls-label", "Sluice MPLS labels", "Exposes sluice:mpls_label, the MPLS label "
                    + "naming a bound port of an MPLS network on the wire (admin only)"),
            new Extension("sorting", "Sorting support", "Extension that indicates that sorting is enabled."),
            new Extension("standard-attr-description", "standard-attr-description", "Extension to add descriptions "
                    + "to standard attributes"),
            new Extension("standard-attr-revisions", "Resource revision numbers", "This extension will display "
                    + "the revision number of neutron resources."),
            new Extension("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields "
                    + "to all Neutron resources that have Neutron standard attributes."));

    private static final List<String> RESOURCES = List.of("network", "subnet", "port", "quota", "agent", "router",
            "floatingip");

    private Discovery() {
    }

    /** GET /: the one version, v2.0, at {@code root + "/v2.0/"}. */
    static Map<String, Object> versions(String root) {
        return Map.of("versions", List.of(Map.of("id", "v2.0", "status", "CURRENT",
                "links", List.of(Map.of("href", root + "/v2.0/", "rel", "self")))));
    }

    /** GET /v2.0/: the collections. */
    static Map<String, Object> resources(String root) {
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String name : RESOURCES) {
            String collection = name + "s";
            resources.add(Map.of("name", name, "collection", collection,
                    "links", List.of(Map.of("href", root + "/v2.0/" + collection, "rel", "self"))));
        }
        return Map.of("resources", resources);
    }

    static Map<String, Object> extensions() {
        return Map.of("extensions", EXTENSIONS.stream().map(Extension::view).toList());
    }

    static Optional<Map<String, Object>> extension(String alias) {
        return EXTENSIONS.stream().filter(e -> e.alias().equals(alias)).findFirst()
                .map(e -> Map.of("extension", e.view()));
    }
}
