package io.sluice.dataplane.bridge;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.INTERFACE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.PORT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Compares a bridge's tunnel ports as read ({@link TunnelPortState}) with their {@link TunnelPortSpec}s and
 * returns the one transaction that adds the missing ones and repairs the wrong ones, each guarded by a
 * {@code wait} so that it fails, rather than clobbers, if someone changed them since the read. No I/O.
 */
final class TunnelPortPlanner {
    /** The transaction to run (empty when nothing is to be done) and what it changes, for the log. */
    record Plan(List<ObjectNode> ops, List<String> changes) {
        boolean isEmpty() {
            return ops.isEmpty();
        }
    }

    private final List<TunnelPortSpec> specs;

    TunnelPortPlanner(List<TunnelPortSpec> specs) {
        this.specs = List.copyOf(specs);
    }

    Plan plan(TunnelPortState state) {
        List<ObjectNode> ops = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        // Without the bridge there is nothing to add ports to: ensuring the bridge comes first.
        state.bridgeUuid().ifPresent(bridgeUuid -> {
            for (int i = 0; i < specs.size(); i++) {
                TunnelPortSpec spec = specs.get(i);
                TunnelPortState.Tunnel tunnel = state.onBridge().get(spec.name());
                if (tunnel != null) {
                    repair(spec, tunnel, ops, changes);
                } else if (!state.elsewhere().contains(spec.name())) {
                    create(spec, i, bridgeUuid, ops);
                    changes.add(spec.name() + " added (" + spec.kind() + ", " + spec.options() + ")");
                }
            }
        });
        return new Plan(ops, changes);
    }

    private static void create(TunnelPortSpec spec, int index, String bridgeUuid, List<ObjectNode> ops) {
        String interfaceRow = "tunnel_iface" + index;
        String portRow = "tunnel_port" + index;
        // Fails with "timed out" if an interface of that name appeared since the read.
        ops.add(Ops.waitUntilEqual(INTERFACE, Ops.where(Ops.eq("name", spec.name())), List.of("name"), List.of()));
        ObjectNode iface = Ops.row()
                .put("name", spec.name())
                .put("type", spec.type())
                .put("ofport_request", spec.ofportRequest());
        iface.set("options", Atoms.map(spec.options()));
        ops.add(Ops.insert(INTERFACE, iface, interfaceRow));
        ObjectNode port = Ops.row().put("name", spec.name());
        port.set("interfaces", Atoms.set(Atoms.namedUuid(interfaceRow)));
        ops.add(Ops.insert(PORT, port, portRow));
        // A mutation, not an update: the VM ports plugged meanwhile stay. Were the bridge deleted since the
        // read, this matches no row and OVSDB drops the new rows unreferenced; the bridge's monitor reconciles.
        ops.add(Ops.mutate(BRIDGE, Ops.where(Ops.eq("_uuid", Atoms.uuid(bridgeUuid))),
                List.of(Ops.mutation("ports", "insert", Atoms.set(Atoms.namedUuid(portRow))))));
    }

    private static void repair(TunnelPortSpec spec, TunnelPortState.Tunnel tunnel, List<ObjectNode> ops,
                               List<String> changes) {
        ObjectNode changed = Ops.row();
        if (!tunnel.type().equals(spec.type())) {
            changed.put("type", spec.type());
            changes.add(spec.name() + " type '" + tunnel.type() + "' -> '" + spec.type() + "'");
        }
        Map<String, String> options = spec.repairedOptions(tunnel.options());
        if (!options.equals(tunnel.options())) {
            changed.set("options", Atoms.map(options));
            changes.add(spec.name() + " options " + tunnel.options() + " -> " + options);
        }
        if (!tunnel.ofportRequest().equals(OptionalInt.of(spec.ofportRequest()))) {
            changed.put("ofport_request", spec.ofportRequest());
            changes.add(spec.name() + " ofport_request "
                    + (tunnel.ofportRequest().isPresent() ? tunnel.ofportRequest().getAsInt() : "(none)")
                    + " -> " + spec.ofportRequest());
        }
        if (!changed.isEmpty()) {
            ArrayNode thisInterface = Ops.where(Ops.eq("_uuid", Atoms.uuid(tunnel.uuid())));
            ops.add(Ops.waitUntilEqual(INTERFACE, thisInterface, TunnelPortState.GUARDED_COLUMNS,
                    List.of(tunnel.guardedColumns())));
            ops.add(Ops.update(INTERFACE, thisInterface, changed));
        }
    }
}
