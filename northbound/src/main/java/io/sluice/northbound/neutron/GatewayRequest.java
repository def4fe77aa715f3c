package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.models.tenant.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A router's {@code external_gateway_info} as a request gives it: null or {} for none, else the external network,
 * SNAT (null: unchanged or the default) and the gateway's addresses (null: chosen by IPAM or kept).
 */
record GatewayRequest(String networkId, Boolean enableSnat, List<FixedIpPlanner.Request> externalFixedIps) {
    private static final String ATTRIBUTE = "external_gateway_info";

    boolean isRemoval() {
        return networkId == null;
    }

    /** The attribute's value, or null when the body does not have it. */
    static GatewayRequest parse(Attrs attrs) {
        JsonNode value = attrs.raw(ATTRIBUTE);
        if (value == null) {
            return null;
        }
        if (value.isNull() || value.isObject() && value.isEmpty()) {
            return new GatewayRequest(null, null, null);
        }
        ObjectNode info = Attrs.dict(ATTRIBUTE, value, Set.of("network_id", "enable_snat", "external_fixed_ips"));
        String network = Attrs.text(ATTRIBUTE, info.get("network_id"));
        if (network == null) {
            throw ApiError.invalid(ATTRIBUTE, "network_id is required when a gateway is set");
        }
        Boolean snat = null;
        JsonNode snatValue = info.get("enable_snat");
        if (snatValue != null && !snatValue.isNull()) {
            snat = snatValue.isBoolean() ? snatValue.asBoolean()
                    : Values.toBoolean(ATTRIBUTE + ".enable_snat", snatValue.asText());
        }
        return new GatewayRequest(Attrs.uuid(ATTRIBUTE + ".network_id", network), snat, fixedIps(info));
    }

    private static List<FixedIpPlanner.Request> fixedIps(ObjectNode info) {
        JsonNode value = info.get("external_fixed_ips");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw ApiError.invalid(ATTRIBUTE, "external_fixed_ips '" + value + "' is not a list");
        }
        List<FixedIpPlanner.Request> requests = new ArrayList<>();
        for (JsonNode element : value) {
            ObjectNode entry = Attrs.dict(ATTRIBUTE, element, Set.of("subnet_id", "ip_address"));
            String subnet = Attrs.text(ATTRIBUTE, entry.get("subnet_id"));
            String ip = Attrs.text(ATTRIBUTE, entry.get("ip_address"));
            if (subnet == null && ip == null) {
                throw ApiError.invalid(ATTRIBUTE, "each external_fixed_ips entry needs subnet_id or ip_address");
            }
            requests.add(new FixedIpPlanner.Request(subnet == null ? null : Attrs.uuid(ATTRIBUTE, subnet),
                    ip == null ? null : Check.ipv4("external_fixed_ips.ip_address", ip)));
        }
        return requests.isEmpty() ? null : requests;
    }
}
