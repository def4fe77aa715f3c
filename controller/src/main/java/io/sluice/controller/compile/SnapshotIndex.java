package io.sluice.controller.compile;

import io.sluice.controller.compile.SwitchInputs.SnapshotFacts;
import io.sluice.controller.compile.l2.Placement;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Router;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every switch's compile reads of a snapshot alike, derived once per snapshot rather than once per switch:
 * where its ports are placed and which ports are each router's interfaces. A function of the snapshot only, so
 * sharing one between switches changes no flow. Ports appear as compilers read them, without bookkeeping
 * (status, revision), so a port turning ACTIVE changes no switch's inputs.
 */
public final class SnapshotIndex {
    private final Snapshot snapshot;
    private final Placement placement;
    private final Map<String, List<Port>> routerInterfaces;
    private final SnapshotFacts facts;
    /** This index's place in the line of indexes derived one from the other: one more than the previous's. */
    private final long sequence;
    /**
     * The hosts whose switches' inputs ({@link SwitchInputs}) may differ from those at the index this one was
     * derived from: those serving a network placed again. Null when any may: made from scratch, hosts' or
     * shared facts changed, or a live migration readies a port (its standby reads the whole snapshot).
     */
    private final Set<String> hostsChanged;

    private SnapshotIndex(Snapshot snapshot, SnapshotIndex previous) {
        this.snapshot = snapshot;
        this.sequence = previous == null ? 0 : previous.sequence + 1;
        SnapshotChanges changes = previous == null ? null : SnapshotChanges.between(previous.snapshot, snapshot);
        this.placement = changes == null ? Placement.of(snapshot)
                : Placement.next(previous.placement, snapshot, changes);
        this.routerInterfaces = changes != null && changes.ports().stream().noneMatch(id ->
                isRouterInterface(previous.snapshot, id) || isRouterInterface(snapshot, id)) ? previous.routerInterfaces
                : snapshot.tenants().ports().values().stream()
                        .filter(p -> p.deviceOwner().equals(Router.INTERFACE_OWNER)).map(Port::withoutBookkeeping)
                        .sorted(Comparator.comparing(Port::id))
                        .collect(Collectors.groupingBy(Port::deviceId, Collectors.toUnmodifiableList()));
        SnapshotFacts facts = new SnapshotFacts(snapshot.hosts(), snapshot.operatorFlows(),
                snapshot.tenants().subnets(), snapshot.tenants().routers(), routerInterfaces);
        this.facts = previous != null && facts.equals(previous.facts) ? previous.facts : facts;
        this.hostsChanged = previous == null || this.facts != previous.facts || !snapshot.standby().isEmpty()
                || !previous.snapshot.standby().isEmpty() ? null : placement.hostsChanged().orElse(null);
    }

    private static boolean isRouterInterface(Snapshot snapshot, String portId) {
        Port port = snapshot.tenants().ports().get(portId);
        return port != null && port.deviceOwner().equals(Router.INTERFACE_OWNER);
    }

    public static SnapshotIndex of(Snapshot snapshot) {
        return new SnapshotIndex(snapshot, null);
    }

    /**
     * The index of a snapshot, derived from the previous snapshot's index for what the two share: the same as
     * {@link #of} would derive, with less work where the snapshots differ little.
     */
    static SnapshotIndex next(SnapshotIndex previous, Snapshot snapshot) {
        return new SnapshotIndex(snapshot, previous);
    }

    long sequence() {
        return sequence;
    }

    /** The hosts whose switches' inputs may differ from those at the index this one was derived from; null: any. */
    Set<String> hostsChanged() {
        return hostsChanged;
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
     * What every switch reads of this snapshot beyond its view; router interfaces by router id and then port id,
     * in an order of their own, not the snapshot's map's, so that equal interfaces compare equal.
     */
    SnapshotFacts facts() {
        return facts;
    }
}
