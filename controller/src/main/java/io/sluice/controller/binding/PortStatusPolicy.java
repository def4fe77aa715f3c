package io.sluice.controller.binding;

import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.SwitchView;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * When a port is ACTIVE, as Nova waits for it: bound to a host (binding:host_id), plugged there (the host's
 * agent reports an interface with that iface-id and an OpenFlow port), and every switch that serves its
 * network has acknowledged the flows compiled from a snapshot in which all this was true. A port that is
 * unbound, unplugged, on a flat or VLAN network its host has no patch port for, or whose switches refused flows
 * is DOWN. A port whose switches have not been
 * reconciled yet (e.g. right after a controller restart) is undecided and keeps the status it has: writing
 * DOWN there would flap every port at every restart. Pure: the caller says how each switch stands.
 */
public final class PortStatusPolicy {
    private PortStatusPolicy() {
    }

    /**
     * @param snapshot    the snapshot the switches were converged to
     * @param switchState for a switch: empty when not reconciled since this controller started (or not
     *                    connected), else whether it holds exactly that snapshot's desired state
     * @return the status of every port that can be decided; undecided ports are left out
     */
    public static Map<String, PortStatus> statuses(Snapshot snapshot,
                                                   Function<DatapathId, Optional<Boolean>> switchState) {
        Map<String, List<DatapathId>> serving = servingSwitches(snapshot);
        Map<String, PortStatus> statuses = new HashMap<>();
        for (Port port : snapshot.tenants().ports().values()) {
            status(snapshot, port, serving.getOrDefault(port.networkId(), List.of()), switchState)
                    .ifPresent(status -> statuses.put(port.id(), status));
        }
        return statuses;
    }

    private static Optional<PortStatus> status(Snapshot snapshot, Port port, List<DatapathId> serving,
                                               Function<DatapathId, Optional<Boolean>> switchState) {
        if (!port.adminStateUp() || !port.binding().isBound()) {
            return Optional.of(PortStatus.DOWN);
        }
        PortReport plugged = snapshot.ports().get(port.id());
        if (plugged == null || !plugged.isUsable() || !plugged.host().equals(port.binding().hostId())) {
            return Optional.of(PortStatus.DOWN);
        }
        Optional<DatapathId> home = switchOf(snapshot, port.binding().hostId());
        Network network = snapshot.tenants().networks().get(port.networkId());
        if (home.isEmpty() || network != null
                && !SwitchView.reaches(snapshot.hosts().get(port.binding().hostId()), network)) {
            return Optional.of(PortStatus.DOWN);
        }
        List<Optional<Boolean>> states = Stream.concat(Stream.of(home.get()), serving.stream()).map(switchState)
                .toList();
        if (states.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(states.stream().allMatch(Optional::get) ? PortStatus.ACTIVE : PortStatus.DOWN);
    }

    /**
     * By network, the switches of every host with a plugged port on it: they all carry its flows. Computed
     * once per snapshot: per port, it made the whole policy quadratic in the number of ports.
     */
    private static Map<String, List<DatapathId>> servingSwitches(Snapshot snapshot) {
        Map<String, Set<DatapathId>> serving = new HashMap<>();
        for (Port port : snapshot.tenants().ports().values()) {
            PortReport report = snapshot.ports().get(port.id());
            if (report != null && report.isUsable()) {
                switchOf(snapshot, report.host()).ifPresent(dpid ->
                        serving.computeIfAbsent(port.networkId(), n -> new HashSet<>()).add(dpid));
            }
        }
        Map<String, List<DatapathId>> lists = new HashMap<>();
        serving.forEach((network, switches) -> lists.put(network, List.copyOf(switches)));
        return lists;
    }

    private static Optional<DatapathId> switchOf(Snapshot snapshot, String host) {
        return Optional.ofNullable(snapshot.hosts().get(host)).map(AgentInfo::datapathId)
                .map(hex -> DatapathId.of(Long.parseUnsignedLong(hex, 16)));
    }
}
