package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.StandardAttributes;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Port;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A port as Neutron shows it (core plus binding, port-security, allowed-address-pairs, Sluice's MPLS label). */
final class PortJson {
    /** The label of a bound port of an MPLS network, null otherwise: Sluice's extension, the admin's to see. */
    static final String MPLS_LABEL = "sluice:mpls_label";

    static final Schema SCHEMA = new Schema("ports", Map.ofEntries(
            Map.entry("id", Schema.Kind.STRING), Map.entry("name", Schema.Kind.STRING),
            Map.entry("tenant_id", Schema.Kind.STRING), Map.entry("project_id", Schema.Kind.STRING),
            Map.entry("network_id", Schema.Kind.STRING), Map.entry("mac_address", Schema.Kind.STRING),
            Map.entry("admin_state_up", Schema.Kind.BOOLEAN), Map.entry("status", Schema.Kind.STRING),
            Map.entry("device_id", Schema.Kind.STRING), Map.entry("device_owner", Schema.Kind.STRING),
            Map.entry("fixed_ips", Schema.Kind.COMPLEX), Map.entry("allowed_address_pairs", Schema.Kind.COMPLEX),
            Map.entry("port_security_enabled", Schema.Kind.BOOLEAN),
            Map.entry("binding:host_id", Schema.Kind.STRING), Map.entry("binding:profile", Schema.Kind.COMPLEX),
            Map.entry("binding:vif_type", Schema.Kind.STRING), Map.entry("binding:vif_details", Schema.Kind.COMPLEX),
            Map.entry("binding:vnic_type", Schema.Kind.STRING), Map.entry(MPLS_LABEL, Schema.Kind.INTEGER),
            Map.entry("description", Schema.Kind.STRING), Map.entry("tags", Schema.Kind.LIST),
            Map.entry("created_at", Schema.Kind.STRING), Map.entry("updated_at", Schema.Kind.STRING),
            Map.entry("revision_number", Schema.Kind.INTEGER)),
            Map.of("fixed_ips", PortJson::fixedIpsFilter),
            id -> ApiError.notFound("PortNotFound", "Port " + id + " could not be found."));

    static final String VIF_OVS = "ovs";
    static final String VIF_UNBOUND = "unbound";
    static final String VIF_BINDING_FAILED = "binding_failed";

    private PortJson() {
    }

    /**
     * @param vifType    ovs, unbound or binding_failed, from the binding host's agent
     * @param vifDetails what os-vif needs to plug an ovs port; empty otherwise
     */
    static Map<String, Object> view(Port port, StandardAttributes standard, String vifType,
                                    Map<String, Object> vifDetails) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", port.id());
        view.put("name", port.name());
        Views.project(view, port.projectId());
        view.put("network_id", port.networkId());
        view.put("mac_address", port.macAddress());
        view.put("admin_state_up", port.adminStateUp());
        view.put("status", port.status().name());
        view.put("device_id", port.deviceId());
        view.put("device_owner", port.deviceOwner());
        view.put("fixed_ips", port.fixedIps().stream()
                .map(ip -> Views.pair("subnet_id", ip.subnetId(), "ip_address", ip.ipAddress())).toList());
        view.put("allowed_address_pairs", port.allowedAddressPairs().stream()
                .map(p -> Views.pair("ip_address", p.ipAddress(),
                        "mac_address", p.macAddress() == null ? port.macAddress() : p.macAddress())).toList());
        view.put("port_security_enabled", port.portSecurityEnabled());
        view.put("binding:host_id", port.binding().hostId());
        view.put("binding:profile", port.binding().profile());
        view.put("binding:vif_type", vifType);
        view.put("binding:vif_details", vifDetails);
        view.put("binding:vnic_type", "normal");
        view.put(MPLS_LABEL, port.binding().mplsLabel());
        Views.standard(view, standard, port.revision());
        return view;
    }

    /**
     * {@code fixed_ips=ip_address=10.0.0.5}, {@code fixed_ips=subnet_id=...}: a port matches when one of its
     * addresses has one of the given addresses (if any) and one of the given subnets (if any), as Neutron's
     * query on its IP allocations.
     */
    private static Predicate<Map<String, Object>> fixedIpsFilter(List<String> values) {
        List<String> addresses = new ArrayList<>();
        List<String> subnets = new ArrayList<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            String key = eq < 0 ? "" : value.substring(0, eq);
            switch (key) {
                case "ip_address" -> addresses.add(value.substring(eq + 1));
                case "subnet_id" -> subnets.add(value.substring(eq + 1));
                default -> throw ApiError.invalid("fixed_ips", "'" + value
                        + "' is not of the form ip_address=IP or subnet_id=ID");
            }
        }
        return view -> ((List<?>) view.get("fixed_ips")).stream().map(ip -> (Map<?, ?>) ip).anyMatch(ip ->
                (addresses.isEmpty() || addresses.contains(ip.get("ip_address")))
                        && (subnets.isEmpty() || subnets.contains(ip.get("subnet_id"))));
    }

    static boolean hasAddressOn(Port port, String subnetId) {
        return port.fixedIps().stream().map(FixedIp::subnetId).anyMatch(subnetId::equals);
    }
}
