package io.sluice.dataplane.bridge;

import static io.sluice.dataplane.ovsdb.VswitchSchema.DB;

import io.sluice.dataplane.ovsdb.OvsdbClient;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a bridge's tunnel ports exist and look as their {@link TunnelPortSpec}s say, the way
 * {@link IntegrationBridge} does the bridge: read, plan ({@link TunnelPortPlanner}), write only if something
 * differs, under a guard, read again if the guard fails. Then tells the OpenFlow port numbers OVS gave them.
 */
public final class TunnelPorts {
    /**
     * @param ofports the tunnel ports ovs-vswitchd has numbered, by kind; one it could not add is missing
     * @param settled false if a port was just written or still waits for its number: the OVSDB update that
     *                announces the number is the time to ask again, not now
     */
    public record Numbers(Map<String, Integer> ofports, boolean settled) {
        public Numbers {
            ofports = Map.copyOf(ofports);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(TunnelPorts.class);

    private final OvsdbClient ovsdb;
    private final String bridgeName;
    private final List<TunnelPortSpec> specs;
    private final TunnelPortPlanner planner;

    public TunnelPorts(OvsdbClient ovsdb, String bridgeName, List<TunnelPortSpec> specs) {
        this.ovsdb = ovsdb;
        this.bridgeName = bridgeName;
        this.specs = List.copyOf(specs);
        this.planner = new TunnelPortPlanner(this.specs);
    }

    /** Adds or repairs the tunnel ports; writes nothing when they are right. */
    public CompletableFuture<Numbers> ensure() {
        if (specs.isEmpty()) {
            return CompletableFuture.completedFuture(new Numbers(Map.of(), true));
        }
        return GuardedWrite.retrying(bridgeName + "'s tunnel ports", this::attempt);
    }

    private CompletableFuture<Numbers> attempt() {
        return ovsdb.transact(DB, TunnelPortState.readOps(bridgeName, specs))
                .thenApply(results -> TunnelPortState.parse(results, specs))
                .thenCompose(state -> {
                    TunnelPortPlanner.Plan plan = planner.plan(state);
                    if (plan.isEmpty()) {
                        return CompletableFuture.completedFuture(numbers(state));
                    }
                    return ovsdb.transact(DB, plan.ops()).thenApply(ignored -> {
                        log.info("{}: {}", bridgeName, String.join("; ", plan.changes()));
                        return new Numbers(Map.of(), false);
                    });
                });
    }

    private Numbers numbers(TunnelPortState state) {
        Map<String, Integer> ofports = new TreeMap<>();
        boolean settled = true;
        for (TunnelPortSpec spec : specs) {
            TunnelPortState.Tunnel tunnel = state.onBridge().get(spec.name());
            if (tunnel == null) {
                if (state.elsewhere().contains(spec.name())) {
                    log.warn("an interface named {} exists, but not on {}: no {} tunnel until it goes",
                            spec.name(), bridgeName, spec.kind());
                } else {
                    settled = false; // no bridge (yet): the bridge's creation brings another run
                }
                continue;
            }
            OptionalInt ofport = tunnel.ofport();
            if (ofport.isEmpty()) {
                settled = false;
            } else if (ofport.getAsInt() > 0) {
                ofports.put(spec.kind(), ofport.getAsInt());
            } else {
                log.warn("ovs-vswitchd could not add {}: {}", spec.name(), tunnel.error().orElse("no reason given"));
            }
        }
        return new Numbers(ofports, settled);
    }
}
