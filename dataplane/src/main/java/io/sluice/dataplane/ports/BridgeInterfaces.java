package io.sluice.dataplane.ports;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.INTERFACE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.PORT;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.RowUpdate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A mirror of the Bridge, Port and Interface rows a monitor reports ({@link #COLUMNS}), enough to tell which
 * interfaces sit on one bridge: the bridge's ports, each port's interfaces. Applying updates and asking for
 * the VM ports are separate so that a burst of updates is read once. Not thread-safe; no I/O.
 */
final class BridgeInterfaces {
    /** What the monitor must ask for. */
    static final Map<String, List<String>> COLUMNS = Map.of(
            BRIDGE, List.of("name", "ports"),
            PORT, List.of("interfaces"),
            INTERFACE, List.of("name", "ofport", "external_ids"));

    private record BridgeRow(String name, List<String> ports) {
    }

    private record InterfaceRow(int ofport, Map<String, String> externalIds) {
    }

    private final Map<String, BridgeRow> bridges = new HashMap<>();
    private final Map<String, List<String>> portInterfaces = new HashMap<>();
    private final Map<String, InterfaceRow> interfaces = new HashMap<>();

    void apply(List<RowUpdate> updates) {
        for (RowUpdate update : updates) {
            JsonNode row = update.newRow();
            switch (update.table()) {
                case BRIDGE -> put(bridges, update, () -> new BridgeRow(row.get("name").asText(),
                        Atoms.uuidSet(row.get("ports"))));
                case PORT -> put(portInterfaces, update, () -> Atoms.uuidSet(row.get("interfaces")));
                case INTERFACE -> put(interfaces, update, () -> new InterfaceRow(
                        Atoms.optionalInt(row.get("ofport")).orElse(-1), Atoms.stringMap(row.get("external_ids"))));
                default -> { }
            }
        }
    }

    /** The interfaces on the bridge that carry an iface-id, by port id. */
    Map<String, VmPort> vmPorts(String bridgeName) {
        Map<String, VmPort> ports = new HashMap<>();
        bridges.values().stream().filter(bridge -> bridge.name().equals(bridgeName))
                .flatMap(bridge -> bridge.ports().stream())
                .flatMap(port -> portInterfaces.getOrDefault(port, List.of()).stream())
                .map(interfaces::get)
                .forEach(row -> {
                    String portId = row == null ? null : row.externalIds().get("iface-id");
                    if (portId != null && !portId.isBlank()) {
                        // Two interfaces claiming one port id: the one that can carry traffic wins.
                        ports.merge(portId, new VmPort(portId, row.ofport(), row.externalIds().get("attached-mac")),
                                (a, b) -> a.isUsable() ? a : b);
                    }
                });
        return ports;
    }

    /** A modification's new row holds every monitored column, so inserts and modifications both replace. */
    private static <T> void put(Map<String, T> table, RowUpdate update, Supplier<T> parsed) {
        if (update.isDelete()) {
            table.remove(update.uuid());
        } else {
            table.put(update.uuid(), parsed.get());
        }
    }
}
