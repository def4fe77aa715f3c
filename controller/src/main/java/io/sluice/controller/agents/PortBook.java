package io.sluice.controller.agents;

import io.sluice.models.agent.PortReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VM ports each host's agent reported, as the agent channel's {@code port_update}s build them up: the
 * first update after a registration is the agent's full list and replaces the host's ports; later ones
 * change them, and only {@code present=false} removes one. An agent's disconnection removes nothing: its
 * dataplane keeps forwarding. Thread-safe: updates come from the network threads, reads from housekeeping.
 */
final class PortBook {
    private static final Logger log = LoggerFactory.getLogger(PortBook.class);

    /** A report and when it arrived, in arrival order across all hosts. */
    private record Entry(PortReport report, long arrival) {
    }

    private final Map<String, Map<String, Entry>> byHost = new HashMap<>();
    private final Set<String> awaitingFullList = new HashSet<>();
    private long arrivals;
    /** {@link #usableEverywhere()} since the last change: the same map while no report changes. */
    private Map<String, List<PortReport>> lastUsable;

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
        Map<String, Entry> before = byHost.getOrDefault(host, Map.of());
        Map<String, Entry> after = new HashMap<>(awaitingFullList.remove(host) ? Map.of() : before);
        for (PortReport report : reports) {
            if (!report.host().equals(host)) {
                log.warn("agent {} reported port {} as on host {}: dropped", host, report.portId(), report.host());
            } else if (!report.present()) {
                after.remove(report.portId());
            } else {
                Entry previous = before.get(report.portId());
                // A report repeated unchanged (e.g. in a full list after a reconnection) is no newer than it was.
                boolean news = previous == null || !previous.report().equals(report);
                after.put(report.portId(), news ? new Entry(report, ++arrivals) : previous);
                if (news && report.isUsable()) {
                    logOtherHosts(report);
                }
            }
        }
        byHost.put(host, after);
        boolean changed = !before.equals(after);
        if (changed) {
            lastUsable = null;
        }
        return changed;
    }

    /** What a host's agent reported last, as persisted facts to restore after a controller restart. */
    synchronized List<PortReport> reportsOf(String host) {
        return byHost.getOrDefault(host, Map.of()).values().stream().map(Entry::report).toList();
    }

    /** Puts back a host's ports as they were persisted, before its agent reconnects. */
    synchronized void restore(String host, List<PortReport> reports) {
        Map<String, Entry> restored = new HashMap<>();
        reports.stream().filter(r -> r.host().equals(host))
                .forEach(r -> restored.put(r.portId(), new Entry(r, ++arrivals)));
        byHost.put(host, restored);
        lastUsable = null;
    }

    /**
     * Every usable report of each port, one per host reporting it, the latest last; the very same map until a
     * report changes, so a caller can tell that nothing did.
     */
    synchronized Map<String, List<PortReport>> usableEverywhere() {
        if (lastUsable != null) {
            return lastUsable;
        }
        Map<String, List<Entry>> entries = new HashMap<>();
        byHost.values().forEach(ports -> ports.values().stream().filter(entry -> entry.report().isUsable())
                .forEach(entry -> entries.computeIfAbsent(entry.report().portId(), id -> new ArrayList<>()).add(entry)));
        Map<String, List<PortReport>> usable = new HashMap<>();
        entries.forEach((portId, list) -> usable.put(portId, list.size() == 1 ? List.of(list.get(0).report())
                : list.stream().sorted(Comparator.comparingLong(Entry::arrival)).map(Entry::report).toList()));
        lastUsable = Collections.unmodifiableMap(usable);
        return lastUsable;
    }

    private void logOtherHosts(PortReport report) {
        byHost.forEach((otherHost, ports) -> {
            Entry other = ports.get(report.portId());
            if (!otherHost.equals(report.host()) && other != null && other.report().isUsable()) {
                log.info("port {} is plugged on {} and on {} (a live migration?): using {}'s, the later report",
                        report.portId(), otherHost, report.host(), report.host());
            }
        });
    }
}
