package io.sluice.controller.compile;

import io.sluice.controller.compile.l2.Placement;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Router;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every switch's compile reads of a snapshot alike, derived once per snapshot rather than once per switch:
 * where its ports are placed and which ports are each router's interfaces. A function of the snapshot only, so
 * sharing one between switches changes no flow.
 */
public final class SnapshotIndex {
    private final Snapshot snapshot;
    private final Placement placement;
    private final Map<String, List<Port>> routerInterfaces;

    private SnapshotIndex(Snapshot snapshot) {
        this.snapshot = snapshot;
        this.placement = Placement.of(snapshot);
        this.routerInterfaces = snapshot.tenants().ports().values().stream()
                .filter(p -> p.deviceOwner().equals(Router.INTERFACE_OWNER))
                .sorted(Comparator.comparing(Port::id))
                .collect(Collectors.groupingBy(Port::deviceId, Collectors.toUnmodifiableList()));
    }

    public static SnapshotIndex of(Snapshot snapshot) {
        return new SnapshotIndex(snapshot);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public Placement placement() {
        return placement;
    }

    /** The interface ports of the router with this id, by port id. */
    public List<Port> routerInterfaces(String routerId) {
        return routerInterfaces.getOrDefault(routerId, List.of());
    }

    /**
     * Every router's interface ports, by router id and then port id: in an order of their own, not the
     * snapshot's map's, so that equal interfaces compare equal ({@link SwitchInputs}).
     */
    Map<String, List<Port>> routerInterfaces() {
        return routerInterfaces;
    }
}
