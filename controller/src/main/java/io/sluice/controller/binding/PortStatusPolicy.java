package io.sluice.controller.binding;

import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.SwitchView;
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
        Map<String, DatapathId> switches = switches(snapshot);
        // Each switch is asked once and each network's serving switches are combined once: per port, the
        // policy asked every switch of its network again, which made it the controller's busiest step.
        Map<DatapathId, Optional<Boolean>> states = new HashMap<>();
        Function<DatapathId, Optional<Boolean>> stateOnce = dpid -> states.computeIfAbsent(dpid, switchState);
        Map<String, Optional<Boolean>> networkStates = new HashMap<>();
        servingSwitches(snapshot, switches).forEach((network, serving) ->
                networkStates.put(network, allAtDesired(serving.stream().map(stateOnce).toList())));
        Map<String, PortStatus> statuses = new HashMap<>();
        for (Port port : snapshot.tenants().ports().values()) {
            status(snapshot, port, switches, stateOnce,
                    networkStates.getOrDefault(port.networkId(), Optional.of(true)))
                    .ifPresent(status -> statuses.put(port.id(), status));
        }
        return statuses;
    }

    /** Each registered host's br-int, by host name. */
    static Map<String, DatapathId> switches(Snapshot snapshot) {
        Map<String, DatapathId> switches = new HashMap<>();
        snapshot.hosts().forEach((host, info) -> {
            if (info.datapathId() != null) {
                switches.put(host, Snapshot.datapathOf(info));
            }
        });
        return switches;
    }

    /**
     * @param servingState whether every switch serving the port's network holds its desired state (empty when
     *                     one is undecided)
     */
    static Optional<PortStatus> status(Snapshot snapshot, Port port, Map<String, DatapathId> switches,
                                       Function<DatapathId, Optional<Boolean>> switchState,
                                       Optional<Boolean> servingState) {
        if (!port.adminStateUp() || !port.binding().isBound()) {
            return Optional.of(PortStatus.DOWN);
        }
        PortReport plugged = snapshot.ports().get(port.id());
        if (plugged == null || !plugged.isUsable() || !plugged.host().equals(port.binding().hostId())) {
            return Optional.of(PortStatus.DOWN);
        }
        DatapathId home = switches.get(port.binding().hostId());
        Network network = snapshot.tenants().networks().get(port.networkId());
        if (home == null || network != null
                && !SwitchView.reaches(snapshot.hosts().get(port.binding().hostId()), network)) {
            return Optional.of(PortStatus.DOWN);
        }
        return allAtDesired(List.of(switchState.apply(home), servingState))
                .map(atDesired -> atDesired ? PortStatus.ACTIVE : PortStatus.DOWN);
    }

    /** Empty when any state is undecided, else whether all hold their desired state. */
    static Optional<Boolean> allAtDesired(List<Optional<Boolean>> states) {
        if (states.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(states.stream().allMatch(Optional::get));
    }

    /**
     * By network, the switches of every host with a plugged port on it: they all carry its flows. Computed
     * once per snapshot: per port, it made the whole policy quadratic in the number of ports.
     */
    private static Map<String, Set<DatapathId>> servingSwitches(Snapshot snapshot,
                                                                Map<String, DatapathId> switches) {
        Map<String, Set<DatapathId>> serving = new HashMap<>();
        for (Port port : snapshot.tenants().ports().values()) {
            PortReport report = snapshot.ports().get(port.id());
            DatapathId dpid = report == null || !report.isUsable() ? null : switches.get(report.host());
            if (dpid != null) {
                serving.computeIfAbsent(port.networkId(), n -> new HashSet<>()).add(dpid);
            }
        }
        return serving;
    }
}
