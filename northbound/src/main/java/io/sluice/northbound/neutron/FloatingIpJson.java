package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.StandardAttributes;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.TenantModel;
import java.util.LinkedHashMap;
import java.util.Map;

/** A floating IP as Neutron shows it (with fip-port-details and expose-port-forwarding-in-fip). */
final class FloatingIpJson {
    static final Schema SCHEMA = new Schema("floatingips", Map.ofEntries(
            Map.entry("id", Schema.Kind.STRING), Map.entry("tenant_id", Schema.Kind.STRING),
            Map.entry("project_id", Schema.Kind.STRING), Map.entry("floating_network_id", Schema.Kind.STRING),
            Map.entry("floating_ip_address", Schema.Kind.STRING), Map.entry("fixed_ip_address", Schema.Kind.STRING),
            Map.entry("port_id", Schema.Kind.STRING), Map.entry("router_id", Schema.Kind.STRING),
            Map.entry("status", Schema.Kind.STRING), Map.entry("port_details", Schema.Kind.COMPLEX),
            Map.entry("port_forwardings", Schema.Kind.COMPLEX),
            Map.entry("description", Schema.Kind.STRING), Map.entry("tags", Schema.Kind.LIST),
            Map.entry("created_at", Schema.Kind.STRING), Map.entry("updated_at", Schema.Kind.STRING),
            Map.entry("revision_number", Schema.Kind.INTEGER)),
            Map.of(), id -> ApiError.notFound("FloatingIPNotFound", "Floating IP " + id + " could not be found"));

    private FloatingIpJson() {
    }

    static Map<String, Object> view(TenantModel model, FloatingIp fip, StandardAttributes standard) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", fip.id());
        Views.project(view, fip.projectId());
        view.put("floating_network_id", fip.floatingNetworkId());
        view.put("floating_ip_address", fip.floatingIpAddress());
        view.put("fixed_ip_address", fip.fixedIpAddress());
        view.put("port_id", fip.portId());
        // Neutron records the router of port forwardings on the floating IP too.
        view.put("router_id", L3Topology.routerOf(model, fip).orElse(null));
        view.put("status", fip.status().name());
        view.put("port_details", fip.portId() == null ? null : portDetails(model.ports().get(fip.portId())));
        view.put("port_forwardings", L3Topology.forwardingsOf(model, fip.id()).stream()
                .map(FloatingIpJson::forwarding).toList());
        Views.standard(view, standard, fip.revision());
        return view;
    }

    private static Map<String, Object> portDetails(Port port) {
        if (port == null) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", port.name());
        details.put("network_id", port.networkId());
        details.put("mac_address", port.macAddress());
        details.put("admin_state_up", port.adminStateUp());
        details.put("status", port.status().name());
        details.put("device_id", port.deviceId());
        details.put("device_owner", port.deviceOwner());
        return details;
    }

    private static Map<String, Object> forwarding(PortForwarding pf) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("protocol", pf.protocol());
        view.put("internal_ip_address", pf.internalIpAddress());
        view.put("internal_port", pf.internalPort());
        view.put("external_port", pf.externalPort());
        return view;
    }
}
