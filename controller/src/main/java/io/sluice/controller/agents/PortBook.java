package io.sluice.controller.agents;

import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.PersistentMaps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcollections.PMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VM ports each host's agent reported, as the agent channel's {@code port_update}s build them up: the
 * first update after a registration is the agent's full list and replaces the host's ports; later ones
 * change them, and only {@code present=false} removes one. An agent's disconnection removes nothing: its
 * dataplane keeps forwarding. Thread-safe: updates come from the network threads, reads from housekeeping.
 *
 * <p>An update costs what it names, not what the cloud holds: it changes the host's ports in place, and the usable
 * reports of every port, a persistent map, at the ports whose report changed ({@link PersistentMaps}), so the
 * placement that follows finds those ports without comparing every one.
 */
final class PortBook {
    private static final Logger log = LoggerFactory.getLogger(PortBook.class);

    /** Each host's reports by port id; a report repeated unchanged stays the very object it was. */
    private final Map<String, Map<String, PortReport>> byHost = new HashMap<>();
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
        Map<String, PortReport> ports = byHost.computeIfAbsent(host, h -> new HashMap<>());
        Map<String, PortReport> before = new HashMap<>();
        if (awaitingFullList.remove(host)) { // the full list: what it does not name is gone
            before.putAll(ports);
            ports.clear();
        }
        for (PortReport report : reports) {
            if (!report.host().equals(host)) {
                log.warn("agent {} reported port {} as on host {}: dropped", host, report.portId(), report.host());
                continue;
            }
            if (!before.containsKey(report.portId())) {
                before.put(report.portId(), ports.get(report.portId()));
            }
            PortReport previous = before.get(report.portId());
            if (!report.present()) {
                ports.remove(report.portId());
            } else {
                // A report repeated unchanged (e.g. in a full list after a reconnection) is no newer than it was.
                boolean news = !report.equals(previous);
                ports.put(report.portId(), news ? report : previous);
                if (news && report.isUsable()) {
                    logOtherHosts(report);
                }
            }
        }
        return follow(host, before);
    }

    /** What a host's agent reported last, as persisted facts to restore after a controller restart. */
    synchronized List<PortReport> reportsOf(String host) {
        return List.copyOf(byHost.getOrDefault(host, Map.of()).values());
    }

    /** Puts back a host's ports as they were persisted, before its agent reconnects. */
    synchronized void restore(String host, List<PortReport> reports) {
        Map<String, PortReport> ports = byHost.computeIfAbsent(host, h -> new HashMap<>());
        Map<String, PortReport> before = new HashMap<>(ports);
        ports.clear();
        for (PortReport report : reports) {
            if (report.host().equals(host)) {
                before.putIfAbsent(report.portId(), null);
                ports.put(report.portId(), report);
            }
        }
        follow(host, before);
    }

    /**
     * Every usable report of each port, one per host reporting it, the latest last; the very same map until a
     * usable report changes, and each version made from the last by the ports that changed, so a caller can tell
     * what did ({@link PersistentMaps#changedKeys}).
     */
    synchronized Map<String, List<PortReport>> usableEverywhere() {
        return usable;
    }

    /**
     * Follows in the usable reports each port whose report on the host is another object than {@code before}
     * held (null for none): a newer one, so the latest of the port's reports.
     *
     * @param before the reports an update named, as they were before it
     * @return whether any port's report on the host changed
     */
    private boolean follow(String host, Map<String, PortReport> before) {
        Map<String, PortReport> ports = byHost.get(host);
        Map<String, List<PortReport>> changed = new HashMap<>();
        Set<String> gone = new HashSet<>();
        boolean any = false;
        for (Map.Entry<String, PortReport> named : before.entrySet()) {
            PortReport latest = ports.get(named.getKey());
            if (latest == named.getValue()) {
                continue;
            }
            any = true;
            List<PortReport> was = usable.getOrDefault(named.getKey(), List.of());
            List<PortReport> now = usableOf(host, was, latest);
            if (now.isEmpty()) {
                if (!was.isEmpty()) {
                    gone.add(named.getKey());
                }
            } else if (!now.equals(was)) {
                changed.put(named.getKey(), now);
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
        return any;
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
