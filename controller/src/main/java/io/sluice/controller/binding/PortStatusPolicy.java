package io.sluice.controller.binding;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * When a port is ACTIVE, as Nova waits for it: bound to a host (binding:host_id), plugged there (the host's
 * agent reports an interface with that iface-id and an OpenFlow port), and every switch that serves its
 * network has acknowledged the flows compiled from a snapshot in which all this was true. Anything less is
 * DOWN. Pure: the caller passes which switches have converged.
 */
public final class PortStatusPolicy {
    private PortStatusPolicy() {
    }

    /**
     * @param snapshot  the snapshot the switches were converged to
     * @param converged whether a switch holds exactly that snapshot's desired state
     * @return the status every port of the snapshot should have
     */
    public static Map<String, PortStatus> statuses(Snapshot snapshot, Predicate<DatapathId> converged) {
        Map<String, PortStatus> statuses = new HashMap<>();
        for (Port port : snapshot.tenants().ports().values()) {
            statuses.put(port.id(), isActive(snapshot, port, converged) ? PortStatus.ACTIVE : PortStatus.DOWN);
        }
        return statuses;
    }

    private static boolean isActive(Snapshot snapshot, Port port, Predicate<DatapathId> converged) {
        if (!port.adminStateUp() || !port.binding().isBound()) {
            return false;
        }
        PortReport plugged = snapshot.ports().get(port.id());
        if (plugged == null || !plugged.isUsable() || !plugged.host().equals(port.binding().hostId())) {
            return false;
        }
        Optional<DatapathId> home = switchOf(snapshot, port.binding().hostId());
        return home.isPresent() && converged.test(home.get())
                && servingSwitches(snapshot, port.networkId()).allMatch(converged);
    }

    /** The switches of every host with a plugged port on the network: they all carry its flows. */
    private static java.util.stream.Stream<DatapathId> servingSwitches(Snapshot snapshot, String networkId) {
        return snapshot.tenants().portsOf(networkId).stream()
                .map(p -> snapshot.ports().get(p.id()))
                .filter(r -> r != null && r.isUsable())
                .map(r -> switchOf(snapshot, r.host()))
                .flatMap(Optional::stream)
                .distinct();
    }

    private static Optional<DatapathId> switchOf(Snapshot snapshot, String host) {
        return Optional.ofNullable(snapshot.hosts().get(host)).map(AgentInfo::datapathId)
                .map(hex -> DatapathId.of(Long.parseUnsignedLong(hex, 16)));
    }
}
