package io.sluice.dataplane.bridge;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.INTERFACE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.PORT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.Ops;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What OVSDB holds about a bridge's tunnel ports, read in one transaction. A tunnel port is found by name:
 * a Port on the bridge whose Interface has the same name.
 *
 * @param bridgeUuid the bridge, if it exists
 * @param onBridge   the tunnel interfaces found on the bridge, by name
 * @param elsewhere  names whose interface exists but not on the bridge: someone else's, left alone
 */
record TunnelPortState(Optional<String> bridgeUuid, Map<String, Tunnel> onBridge, Set<String> elsewhere) {

    /** The Interface columns a repair depends on: it is committed only if none changed since the read. */
    static final List<String> GUARDED_COLUMNS = List.of("type", "options", "ofport_request");

    /**
     * @param ofport         empty until ovs-vswitchd numbers the port; -1 if it could not add it
     * @param error          why ovs-vswitchd could not add it
     * @param guardedColumns the row as read, projected on {@link #GUARDED_COLUMNS}, in wire notation
     */
    record Tunnel(String uuid, String type, Map<String, String> options, OptionalInt ofportRequest,
                  OptionalInt ofport, Optional<String> error, ObjectNode guardedColumns) {
    }

    /** The read transaction; {@link #parse} takes its results. */
    static List<ObjectNode> readOps(String bridgeName, List<TunnelPortSpec> specs) {
        List<ObjectNode> ops = new ArrayList<>();
        ops.add(Ops.select(BRIDGE, Ops.where(Ops.eq("name", bridgeName)), List.of("_uuid", "ports")));
        List<String> interfaceColumns = new ArrayList<>(List.of("_uuid", "ofport", "error"));
        interfaceColumns.addAll(GUARDED_COLUMNS);
        for (TunnelPortSpec spec : specs) {
            ops.add(Ops.select(PORT, Ops.where(Ops.eq("name", spec.name())), List.of("_uuid", "interfaces")));
            ops.add(Ops.select(INTERFACE, Ops.where(Ops.eq("name", spec.name())), interfaceColumns));
        }
        return ops;
    }

    static TunnelPortState parse(List<JsonNode> results, List<TunnelPortSpec> specs) {
        JsonNode bridges = results.get(0).get("rows");
        Optional<String> bridgeUuid = bridges.isEmpty() ? Optional.empty()
                : Optional.of(Atoms.uuidOf(bridges.get(0).get("_uuid")));
        Set<String> bridgePorts = bridges.isEmpty() ? Set.of() : Set.copyOf(Atoms.uuidSet(bridges.get(0).get("ports")));
        Map<String, Tunnel> onBridge = new HashMap<>();
        Set<String> elsewhere = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String name = specs.get(i).name();
            Set<String> interfacesOnBridge = new HashSet<>();
            results.get(1 + 2 * i).get("rows").forEach(port -> {
                if (bridgePorts.contains(Atoms.uuidOf(port.get("_uuid")))) {
                    interfacesOnBridge.addAll(Atoms.uuidSet(port.get("interfaces")));
                }
            });
            JsonNode interfaces = results.get(2 + 2 * i).get("rows");
            for (JsonNode row : interfaces) {
                if (interfacesOnBridge.contains(Atoms.uuidOf(row.get("_uuid")))) {
                    onBridge.put(name, parseTunnel(row));
                }
            }
            if (!interfaces.isEmpty() && !onBridge.containsKey(name)) {
                elsewhere.add(name);
            }
        }
        return new TunnelPortState(bridgeUuid, onBridge, elsewhere);
    }

    private static Tunnel parseTunnel(JsonNode row) {
        ObjectNode guarded = Ops.row();
        GUARDED_COLUMNS.forEach(column -> guarded.set(column, row.get(column)));
        return new Tunnel(
                Atoms.uuidOf(row.get("_uuid")),
                row.get("type").asText(),
                Atoms.stringMap(row.get("options")),
                Atoms.optionalInt(row.get("ofport_request")),
                Atoms.optionalInt(row.get("ofport")),
                Atoms.optionalString(row.get("error")),
                guarded);
    }
}
