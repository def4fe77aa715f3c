package io.sluice.dataplane.bridge;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.CONTROLLER;
import static io.sluice.dataplane.ovsdb.VswitchSchema.INTERFACE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.PORT;
import static io.sluice.dataplane.ovsdb.VswitchSchema.ROOT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a bridge as read ({@link BridgeState}) with its {@link BridgeSpec} and returns the one transaction
 * that makes it right, guarded by a {@code wait} so that it fails, rather than clobbers, if someone changed
 * the bridge since the read. No I/O.
 */
final class BridgePlanner {
    /** The transaction to run (empty when nothing is to be done) and what it changes, for the log. */
    record Plan(List<ObjectNode> ops, boolean creates, List<String> repairs) {
        boolean isEmpty() {
            return ops.isEmpty();
        }
    }

    private static final String BRIDGE_ROW = "bridge";
    private static final String PORT_ROW = "port";
    private static final String INTERFACE_ROW = "iface";
    private static final String CONTROLLER_ROW = "controller";

    private final BridgeSpec spec;

    BridgePlanner(BridgeSpec spec) {
        this.spec = spec;
    }

    Plan plan(BridgeState state) {
        return state.bridge()
                .map(this::repair)
                .orElseGet(() -> create(state.rootUuid()));
    }

    private Plan create(String rootUuid) {
        List<ObjectNode> ops = new ArrayList<>();
        // Fails with "timed out" if the bridge appeared since the read.
        ops.add(Ops.waitUntilEqual(BRIDGE, Ops.where(Ops.eq("name", spec.name())), List.of("name"), List.of()));
        JsonNode port = insertInternalPort(ops);
        JsonNode controller = insertController(ops);
        ObjectNode bridge = Ops.row()
                .put("name", spec.name())
                .put("datapath_type", spec.datapathType())
                .put("fail_mode", BridgeSpec.FAIL_MODE);
        bridge.set("protocols", Atoms.stringSet(BridgeSpec.PROTOCOLS));
        bridge.set("other_config", Atoms.map(BridgeSpec.OTHER_CONFIG));
        bridge.set("controller", Atoms.set(controller));
        bridge.set("ports", Atoms.set(port));
        ops.add(Ops.insert(BRIDGE, bridge, BRIDGE_ROW));
        // A mutation, not an update: other bridges in the root row stay as they are.
        ops.add(Ops.mutate(ROOT, Ops.where(Ops.eq("_uuid", Atoms.uuid(rootUuid))),
                List.of(Ops.mutation("bridges", "insert", Atoms.set(Atoms.namedUuid(BRIDGE_ROW))))));
        return new Plan(ops, true, List.of());
    }

    private Plan repair(BridgeState.Bridge bridge) {
        List<ObjectNode> inserts = new ArrayList<>();
        ObjectNode changedColumns = Ops.row();
        List<ArrayNode> mutations = new ArrayList<>();
        List<String> repairs = new ArrayList<>();

        if (!bridge.datapathType().equals(spec.datapathType())) {
            changedColumns.put("datapath_type", spec.datapathType());
            repairs.add("datapath_type '" + bridge.datapathType() + "' -> '" + spec.datapathType() + "'");
        }
        if (!bridge.failMode().equals(Optional.of(BridgeSpec.FAIL_MODE))) {
            changedColumns.put("fail_mode", BridgeSpec.FAIL_MODE);
            repairs.add("fail_mode " + bridge.failMode().orElse("(none)") + " -> " + BridgeSpec.FAIL_MODE);
        }
        if (!bridge.protocols().equals(Set.copyOf(BridgeSpec.PROTOCOLS))) {
            changedColumns.set("protocols", Atoms.stringSet(BridgeSpec.PROTOCOLS));
            repairs.add("protocols " + bridge.protocols() + " -> " + BridgeSpec.PROTOCOLS);
        }
        if (!bridge.controllerTargets().equals(List.of(spec.controllerTarget()))) {
            // The new Controller row replaces the old ones in this same transaction: vswitchd never sees the
            // bridge without a controller, which would make it delete all the bridge's flows.
            changedColumns.set("controller", Atoms.set(insertController(inserts)));
            repairs.add(bridge.controllerTargets().isEmpty()
                    ? "no controller -> " + spec.controllerTarget()
                            + " (OVS deletes the bridge's flows when its first controller is set)"
                    : "controller " + bridge.controllerTargets() + " -> " + spec.controllerTarget());
        }
        BridgeSpec.OTHER_CONFIG.forEach((key, value) -> {
            if (!value.equals(bridge.otherConfig().get(key))) {
                // Delete then insert: a map "insert" leaves an existing key's value alone.
                mutations.add(Ops.mutation("other_config", "delete", Atoms.stringSet(List.of(key))));
                mutations.add(Ops.mutation("other_config", "insert", Atoms.map(Map.of(key, value))));
                repairs.add("other_config:" + key + " '" + bridge.otherConfig().getOrDefault(key, "")
                        + "' -> '" + value + "'");
            }
        });
        if (!bridge.hasInternalPort()) {
            mutations.add(Ops.mutation("ports", "insert", Atoms.set(insertInternalPort(inserts))));
            repairs.add("internal port " + spec.name() + " added");
        }
        if (repairs.isEmpty()) {
            return new Plan(List.of(), false, List.of());
        }

        ArrayNode thisBridge = Ops.where(Ops.eq("_uuid", Atoms.uuid(bridge.uuid())));
        List<ObjectNode> ops = new ArrayList<>();
        ops.add(Ops.waitUntilEqual(BRIDGE, thisBridge, BridgeState.GUARDED_COLUMNS, List.of(bridge.guardedColumns())));
        ops.addAll(inserts);
        if (!changedColumns.isEmpty()) {
            ops.add(Ops.update(BRIDGE, thisBridge, changedColumns));
        }
        if (!mutations.isEmpty()) {
            ops.add(Ops.mutate(BRIDGE, thisBridge, mutations));
        }
        return new Plan(ops, false, repairs);
    }

    private JsonNode insertInternalPort(List<ObjectNode> ops) {
        return insertInternalPort(spec.name(), ops);
    }

    /**
     * Adds the inserts of a bridge's internal Interface and Port (named like the bridge) to {@code ops}; returns
     * the Port's named uuid.
     */
    static JsonNode insertInternalPort(String bridgeName, List<ObjectNode> ops) {
        ops.add(Ops.insert(INTERFACE, Ops.row().put("name", bridgeName).put("type", "internal"), INTERFACE_ROW));
        ObjectNode port = Ops.row().put("name", bridgeName);
        port.set("interfaces", Atoms.set(Atoms.namedUuid(INTERFACE_ROW)));
        ops.add(Ops.insert(PORT, port, PORT_ROW));
        return Atoms.namedUuid(PORT_ROW);
    }

    /** Adds the insert of a Controller row with the spec's target to {@code ops}; returns its named uuid. */
    private JsonNode insertController(List<ObjectNode> ops) {
        ops.add(Ops.insert(CONTROLLER, Ops.row().put("target", spec.controllerTarget()), CONTROLLER_ROW));
        return Atoms.namedUuid(CONTROLLER_ROW);
    }
}
