package io.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.controller.store.Entry;
import io.sluice.controller.store.MapDbStore;
import io.sluice.controller.store.MapDbStoreConfig;
import io.sluice.controller.tenant.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The allocation guards of a stopped controller's store (addresses, MACs, VNIs, segments, forwarded ports, MPLS
 * labels), each as "kind/id" to its holder "kind/id", and the guards the API's records say they should be: equal
 * maps mean nothing is leaked (a guard whose holder does not hold it) and nothing half-made (a record without its
 * guard). Worked out from the API's JSON rather than the controller's code, so the check is independent of it.
 */
final class StoreGuards {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Kind> GUARDS = List.of(Kind.IP, Kind.MAC, Kind.VNI, Kind.FLAT, Kind.VLAN,
            Kind.FORWARDED_PORT, Kind.FORWARD_TARGET, Kind.MPLS_LABEL);

    private StoreGuards() {
    }

    /**
     * The held guards in the store under a controller's state directory; released MPLS labels, which sit out
     * their quarantine with no holder, are left out. The controller must be stopped: it locks its store.
     */
    static Map<String, String> inStore(Path stateDir) {
        Map<String, String> held = new TreeMap<>();
        try (MapDbStore store = MapDbStore.open(MapDbStoreConfig.defaults(stateDir.resolve("store")))) {
            for (Kind kind : GUARDS) {
                for (Entry entry : store.list(kind.storeName())) {
                    JsonNode holder = JSON.readTree(entry.versioned().value());
                    if (!holder.has("released_at")) {
                        String holderKind = holder.fieldNames().next();
                        held.put(kind.storeName() + "/" + entry.id(), holderKind + "/" + holder.path(holderKind)
                                .asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return held;
    }

    /** The guards the admin's lists of networks and ports say the store must hold (no floating IPs here). */
    static Map<String, String> ofRecords(JsonNode networks, JsonNode ports) {
        Map<String, String> guards = new TreeMap<>();
        for (JsonNode network : networks) {
            String holder = "network/" + network.path("id").asText();
            String physnet = network.path("provider:physical_network").asText();
            String segment = network.path("provider:segmentation_id").asText();
            switch (network.path("provider:network_type").asText()) {
                case "vxlan", "mpls" -> guards.put("vni/" + segment, holder);
                case "flat" -> guards.put("flat/" + physnet, holder);
                case "vlan" -> guards.put("vlan/" + physnet + "/" + segment, holder);
                default -> throw new AssertionError("network type of " + network);
            }
        }
        for (JsonNode port : ports) {
            String holder = "port/" + port.path("id").asText();
            guards.put("mac/" + port.path("network_id").asText() + "/" + port.path("mac_address").asText(), holder);
            for (JsonNode ip : port.path("fixed_ips")) {
                guards.put("ip/" + ip.path("subnet_id").asText() + "/" + ip.path("ip_address").asText(), holder);
            }
            JsonNode label = port.path("sluice:mpls_label");
            if (label.isInt()) {
                guards.put("mplslabel/" + label.asInt(), holder);
            }
        }
        return guards;
    }
}
