package io.sluice.dataplane.ports;

import static io.sluice.dataplane.ovsdb.VswitchSchema.DB;

import io.sluice.dataplane.ovsdb.OvsdbClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The VM ports on a bridge (the os-vif contract: an Interface with {@code external_ids:iface-id}), kept
 * current through an OVSDB monitor. Updates are taken as they arrive; the set is recomputed once per turn
 * of the OVSDB event loop, after all updates read in that turn, so a burst of plugs costs one recomputation
 * and one change notice, and no timer delays any plug.
 */
public final class PortWatch {
    private static final String MONITOR_ID = "sluice-vm-ports";

    private final String bridgeName;
    private final Executor ovsdbLoop;
    private final Runnable onChange;
    private volatile Map<String, VmPort> current = Map.of();
    // Both touched on the OVSDB event loop only, where monitor updates and replies arrive.
    private BridgeInterfaces mirror = new BridgeInterfaces();
    private boolean recomputeScheduled;

    /**
     * @param ovsdbLoop the event loop of the OVSDB connections
     * @param onChange  told, on that loop, each time {@link #current()} has changed; must not block
     */
    public PortWatch(String bridgeName, Executor ovsdbLoop, Runnable onChange) {
        this.bridgeName = bridgeName;
        this.ovsdbLoop = ovsdbLoop;
        this.onChange = onChange;
    }

    /** The VM ports as last seen, by port id. Kept as they were while OVSDB is out of reach. */
    public Map<String, VmPort> current() {
        return current;
    }

    /**
     * Watches through a new connection. Its monitor's initial contents replace what the previous connection
     * showed in one step, so a reconnection shows as the changes made meanwhile, not as every port going and
     * coming back. Completes once those contents are in {@link #current()}.
     */
    public CompletableFuture<Void> watch(OvsdbClient client) {
        BridgeInterfaces fresh = new BridgeInterfaces();
        return client.monitor(DB, MONITOR_ID, BridgeInterfaces.COLUMNS, updates -> {
            fresh.apply(updates);
            mirror = fresh;
            if (!recomputeScheduled) {
                recomputeScheduled = true;
                ovsdbLoop.execute(this::recompute);
            }
        }).thenRun(this::recompute);
    }

    private void recompute() {
        recomputeScheduled = false;
        Map<String, VmPort> ports = Map.copyOf(mirror.vmPorts(bridgeName));
        if (!ports.equals(current)) {
            current = ports;
            onChange.run();
        }
    }
}
