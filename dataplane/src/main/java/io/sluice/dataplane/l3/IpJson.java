package io.sluice.dataplane.l3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads iproute2's {@code -json} output: links with their addresses, routes with a next hop. No I/O. */
final class IpJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IpJson() {
    }

    /** {@code ip -json addr show}: each link with its IPv4 addresses. */
    static Map<String, RouterState.Link> links(String addrJson) {
        Map<String, RouterState.Link> links = new HashMap<>();
        for (JsonNode link : parse(addrJson)) {
            Set<String> addresses = new HashSet<>();
            for (JsonNode address : link.path("addr_info")) {
                if ("inet".equals(address.path("family").asText())) {
                    addresses.add(address.path("local").asText() + "/" + address.path("prefixlen").asInt());
                }
            }
            boolean up = false;
            for (JsonNode flag : link.path("flags")) {
                up |= "UP".equals(flag.asText());
            }
            String name = link.path("ifname").asText();
            links.put(name, new RouterState.Link(name, link.path("address").asText().toLowerCase(Locale.ROOT),
                    link.path("mtu").asInt(), up, addresses));
        }
        return links;
    }

    /** {@code ip -json route show}: destination to next hop, for routes that have one. */
    static Map<String, String> gatewayRoutes(String routeJson) {
        Map<String, String> routes = new HashMap<>();
        for (JsonNode route : parse(routeJson)) {
            if (route.hasNonNull("gateway")) {
                routes.put(route.path("dst").asText(), route.path("gateway").asText());
            }
        }
        return routes;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createArrayNode();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable ip -json output: " + e.getOriginalMessage(), e);
        }
    }
}
