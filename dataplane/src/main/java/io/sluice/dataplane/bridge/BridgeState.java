package io.sluice.dataplane.bridge;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.CONTROLLER;
import static io.sluice.dataplane.ovsdb.VswitchSchema.PORT;
import static io.sluice.dataplane.ovsdb.VswitchSchema.ROOT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.Ops;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What OVSDB holds about one bridge, read in a single transaction so the parts are consistent.
 *
 * @param rootUuid the Open_vSwitch root row
 * @param bridge   the bridge, if it exists
 */
record BridgeState(String rootUuid, Optional<Bridge> bridge) {

    /** The columns a repair depends on: the repair is committed only if none changed since the read. */
    static final List<String> GUARDED_COLUMNS =
            List.of("datapath_type", "fail_mode", "protocols", "other_config", "controller", "ports");

    /**
     * @param guardedColumns    the row as read, projected on {@link #GUARDED_COLUMNS}, in wire notation
     * @param controllerTargets targets of the bridge's Controller rows, sorted
     * @param hasInternalPort   whether one of its ports is the port named like the bridge
     */
    record Bridge(String uuid, String datapathType, Optional<String> failMode, Set<String> protocols,
                  Map<String, String> otherConfig, List<String> controllerTargets, boolean hasInternalPort,
                  ObjectNode guardedColumns) {
    }

    /** The read transaction; {@link #parse} takes its results. */
    static List<ObjectNode> readOps(String bridgeName) {
        List<String> bridgeColumns = new ArrayList<>(GUARDED_COLUMNS);
        bridgeColumns.add("_uuid");
        return List.of(
                Ops.select(ROOT, Ops.where(), List.of("_uuid")),
                Ops.select(BRIDGE, Ops.where(Ops.eq("name", bridgeName)), bridgeColumns),
                Ops.select(CONTROLLER, Ops.where(), List.of("_uuid", "target")),
                Ops.select(PORT, Ops.where(Ops.eq("name", bridgeName)), List.of("_uuid")));
    }

    static BridgeState parse(List<JsonNode> results) {
        JsonNode roots = results.get(0).get("rows");
        if (roots.isEmpty()) {
            throw new IllegalStateException("the Open_vSwitch table has no row: run 'ovs-vsctl --no-wait init' first");
        }
        String rootUuid = Atoms.uuidOf(roots.get(0).get("_uuid"));
        JsonNode bridges = results.get(1).get("rows");
        if (bridges.isEmpty()) {
            return new BridgeState(rootUuid, Optional.empty());
        }
        Map<String, String> targets = new HashMap<>();
        results.get(2).get("rows").forEach(c -> targets.put(Atoms.uuidOf(c.get("_uuid")), c.get("target").asText()));
        List<String> internalPorts = new ArrayList<>();
        results.get(3).get("rows").forEach(p -> internalPorts.add(Atoms.uuidOf(p.get("_uuid"))));
        return new BridgeState(rootUuid, Optional.of(parseBridge(bridges.get(0), targets, internalPorts)));
    }

    private static Bridge parseBridge(JsonNode row, Map<String, String> controllerTargets, List<String> internalPorts) {
        ObjectNode guarded = Ops.row();
        GUARDED_COLUMNS.forEach(column -> guarded.set(column, row.get(column)));
        List<String> targets = Atoms.uuidSet(row.get("controller")).stream()
                .map(controllerTargets::get)
                .sorted()
                .toList();
        boolean hasInternalPort = Atoms.uuidSet(row.get("ports")).stream().anyMatch(internalPorts::contains);
        return new Bridge(
                Atoms.uuidOf(row.get("_uuid")),
                row.get("datapath_type").asText(),
                Atoms.optionalString(row.get("fail_mode")),
                Set.copyOf(Atoms.stringSet(row.get("protocols"))),
                Atoms.stringMap(row.get("other_config")),
                targets,
                hasInternalPort,
                guarded);
    }
}
