package io.sluice.dataplane.agent;

import io.sluice.dataplane.ports.VmPort;
import io.sluice.models.agent.PortReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the controller has been told about this host's VM ports on one connection, and so what to tell it
 * next. After each registration it gets the full list (possibly empty: it replaces what the controller held
 * for the host); from then on only changes: a port that became usable, whose ofport or MAC changed, or that
 * went ({@code present=false}). A port is first told once it is usable. Between a {@code register} and its
 * full list nothing is told, or the controller would take a change for the full list. Not thread-safe.
 */
final class PortSync {
    private static final Comparator<PortReport> BY_PORT_ID = Comparator.comparing(PortReport::portId);

    private Map<String, PortReport> told = Map.of();
    private String host; // set by the full list; null until then

    /** A {@code register} went out: hold changes back until its full list. */
    void registering() {
        host = null;
    }

    /** Every usable port, to send once the registration as {@code host} has been accepted. */
    List<PortReport> fullList(String registeredHost, Map<String, VmPort> current) {
        host = registeredHost;
        Map<String, PortReport> reports = new HashMap<>();
        current.values().stream().filter(VmPort::isUsable)
                .forEach(port -> reports.put(port.portId(), port.report(host)));
        told = reports;
        return reports.values().stream().sorted(BY_PORT_ID).toList();
    }

    /** What changed since last told; empty also while a registration waits for its full list. */
    List<PortReport> changes(Map<String, VmPort> current) {
        if (host == null) {
            return List.of();
        }
        List<PortReport> changes = new ArrayList<>();
        Map<String, PortReport> nowTold = new HashMap<>();
        for (VmPort port : current.values()) {
            PortReport before = told.get(port.portId());
            if (before != null || port.isUsable()) {
                PortReport report = port.report(host);
                nowTold.put(port.portId(), report);
                if (!report.equals(before)) {
                    changes.add(report);
                }
            }
        }
        told.values().stream().filter(before -> !current.containsKey(before.portId()))
                .forEach(gone -> changes.add(new PortReport(gone.portId(), host, -1, gone.attachedMac(), false)));
        told = nowTold;
        changes.sort(BY_PORT_ID);
        return changes;
    }
}
