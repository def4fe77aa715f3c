package io.sluice.controller.agents;

import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.PersistentMaps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VM ports each host's agent reported, as the agent channel's {@code port_update}s build them up: the
 * first update after a registration is the agent's full list and replaces the host's ports; later ones
 * change them, and only {@code present=false} removes one. An agent's disconnection removes nothing: its
 * dataplane keeps forwarding. Thread-safe: updates come from the network threads, reads from housekeeping.
 *
 * <p>An update costs what it names, not what the cloud holds: each host's ports and the usable reports of every
 * port are persistent maps, the latter changed at the ports an update changed ({@link PersistentMaps}), so the
 * placement that follows finds those ports without comparing every one.
 */
final class PortBook {
    private static final Logger log = LoggerFactory.getLogger(PortBook.class);

    /** Each host's reports by port id; a report repeated unchanged stays the very object it was. */
    private final Map<String, PMap<String, PortReport>> byHost = new HashMap<>();
    private final Set<String> awaitingFullList = new HashSet<>();
    /** {@link #usableEverywhere()}: a new version only where a port's usable reports changed. */
    private PMap<String, List<PortReport>> usable = PersistentMaps.empty();

    /** The host registered: its next update is its full list. */
    synchronized void registered(String host) {
        awaitingFullList.add(host);
    }

    /**
     * Applies one {@code port_update} from {@code host}; reports naming another host are dropped.
     *
     * @return whether the host's ports changed
     */
    synchronized boolean update(String host, List<PortReport> reports) {
        PMap<String, PortReport> before = portsOf(host);
        boolean fullList = awaitingFullList.remove(host);
        PMap<String, PortReport> after = fullList ? HashTreePMap.empty() : before;
        Set<String> named = new HashSet<>(fullList ? before.keySet() : Set.of());
        for (PortReport report : reports) {
            if (!report.host().equals(host)) {
                log.warn("agent {} reported port {} as on host {}: dropped", host, report.portId(), report.host());
                continue;
            }
            named.add(report.portId());
            if (!report.present()) {
                after = after.minus(report.portId());
            } else {
                PortReport previous = before.get(report.portId());
                // A report repeated unchanged (e.g. in a full list after a reconnection) is no newer than it was.
                boolean news = !report.equals(previous);
                after = after.plus(report.portId(), news ? report : previous);
                if (news && report.isUsable()) {
                    logOtherHosts(report);
                }
            }
        }
        return replace(host, before, after, named);
    }

    /** What a host's agent reported last, as persisted facts to restore after a controller restart. */
    synchronized List<PortReport> reportsOf(String host) {
        return List.copyOf(portsOf(host).values());
    }

    /** Puts back a host's ports as they were persisted, before its agent reconnects. */
    synchronized void restore(String host, List<PortReport> reports) {
        PMap<String, PortReport> before = portsOf(host);
        PMap<String, PortReport> restored = HashTreePMap.empty();
        for (PortReport report : reports) {
            if (report.host().equals(host)) {
                restored = restored.plus(report.portId(), report);
            }
        }
        Set<String> named = new HashSet<>(before.keySet());
        named.addAll(restored.keySet());
        replace(host, before, restored, named);
    }

    /**
     * Every usable report of each port, one per host reporting it, the latest last; the very same map until a
     * usable report changes, and each version made from the last by the ports that changed, so a caller can tell
     * what did ({@link PersistentMaps#changedKeys}).
     */
    synchronized Map<String, List<PortReport>> usableEverywhere() {
        return usable;
    }

    private PMap<String, PortReport> portsOf(String host) {
        return byHost.getOrDefault(host, HashTreePMap.empty());
    }

    /**
     * Makes {@code after} the host's ports and follows in the usable reports each of the {@code named} ports
     * whose report is another object: a newer one, so the latest of the port's reports.
     *
     * @return whether any is
     */
    private boolean replace(String host, Map<String, PortReport> before, PMap<String, PortReport> after,
                            Set<String> named) {
        named.removeIf(portId -> before.get(portId) == after.get(portId));
        byHost.put(host, after);
        Map<String, List<PortReport>> changed = new HashMap<>();
        Set<String> gone = new HashSet<>();
        for (String portId : named) {
            List<PortReport> was = usable.getOrDefault(portId, List.of());
            List<PortReport> now = usableOf(host, was, after.get(portId));
            if (now.isEmpty()) {
                if (!was.isEmpty()) {
                    gone.add(portId);
                }
            } else if (!now.equals(was)) {
                changed.put(portId, now);
            }
        }
        // One step for all additions and one for all removals: a full list changes a hundred ports at once, and
        // a map remembers a bounded number of steps.
        if (!changed.isEmpty()) {
            usable = usable.plusAll(changed);
        }
        if (!gone.isEmpty()) {
            usable = usable.minusAll(gone);
        }
        return !named.isEmpty();
    }

    /**
     * A port's usable reports, latest last, after the host's report of it became {@code latest} (null when gone):
     * the other hosts' as they were, then this one's if usable.
     */
    private static List<PortReport> usableOf(String host, List<PortReport> was, PortReport latest) {
        List<PortReport> usable = new ArrayList<>(was.size() + 1);
        was.stream().filter(other -> !other.host().equals(host)).forEach(usable::add);
        if (latest != null && latest.isUsable()) {
            usable.add(latest);
        }
        return List.copyOf(usable);
    }

    private void logOtherHosts(PortReport report) {
        usable.getOrDefault(report.portId(), List.of()).stream().filter(other -> !other.host().equals(report.host()))
                .forEach(other -> log.info("port {} is plugged on {} and on {} (a live migration?): using {}'s, the "
                        + "later report", report.portId(), other.host(), report.host(), report.host()));
    }
}
