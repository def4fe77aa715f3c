package io.sluice.controller.compile;

import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What differs between two snapshots in what placement reads: which ports (the tenant's record or the agent's
 * report) changed, came or went, which networks, and whether any host's facts did. Looks only at the records
 * that are other objects ({@link PersistentMaps#changedKeys}): a snapshot after a model change holds the very
 * records of the last one for all it did not change.
 *
 * @param ports    ids of the ports whose record or report differs
 * @param networks ids of the networks that differ, and of every network a changed port is or was on
 */
public record SnapshotChanges(boolean hosts, Set<String> ports, Set<String> networks) {

    public static SnapshotChanges between(Snapshot before, Snapshot after) {
        Set<String> ports = new HashSet<>();
        changed(before.tenants().ports(), after.tenants().ports(), ports);
        changed(before.ports(), after.ports(), ports);
        Set<String> networks = new HashSet<>();
        changed(before.tenants().networks(), after.tenants().networks(), networks);
        for (String id : ports) {
            networkOf(before.tenants().ports().get(id), networks);
            networkOf(after.tenants().ports().get(id), networks);
        }
        return new SnapshotChanges(!before.hosts().equals(after.hosts()), Set.copyOf(ports), Set.copyOf(networks));
    }

    private static void networkOf(Port port, Set<String> networks) {
        if (port != null) {
            networks.add(port.networkId());
        }
    }

    /** Adds the keys whose values differ between the maps, or are in one only. */
    private static <V> void changed(Map<String, V> before, Map<String, V> after, Set<String> keys) {
        PersistentMaps.changedKeys(before, after).forEach(key -> {
            if (!Objects.equals(before.get(key), after.get(key))) {
                keys.add(key);
            }
        });
    }
}
