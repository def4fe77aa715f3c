package io.sluice.controller.binding;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortStatus;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * {@link PortStatusPolicy}'s statuses kept from one call to the next and decided again only for the ports whose
 * inputs may have moved: their record or report is another object than at the last call, or their network's record
 * or the state of a switch serving it changed (a port's own switch counts only when its report puts it there, so it
 * serves the network). Every port is decided again when the hosts differ. A network whose switches go undecided
 * (a run under way) and come back as they were decides again only the ports that changed meanwhile: a port-up
 * runs on each switch of its network, each serving ~100 networks at 1,000 × 100, and deciding all their ports
 * twice was most of its statuses' cost. Deciding every port at every model change and every switch's
 * convergence, then having the store look each decided port up again, was most of the controller's work per port
 * change at 10,000 ports.
 * Not thread-safe: the controller's housekeeping thread calls it.
 */
public final class PortStatusTracker {
    private Snapshot last;
    private Map<String, DatapathId> switches = Map.of();
    private Map<DatapathId, Optional<Boolean>> states = Map.of();
    /** By network, its serving switches (those of its usable ports' hosts), each with how many such ports. */
    private final Map<String, Map<DatapathId, Integer>> serving = new HashMap<>();
    private final Map<DatapathId, Set<String>> networksServed = new HashMap<>();
    private final Map<String, Optional<Boolean>> networkStates = new HashMap<>();
    /**
     * By network, the serving state its ports were all last decided at: while a run is under way on one of its
     * switches the state is undecided, and when it comes back as it was, so do their statuses.
     */
    private final Map<String, Boolean> decidedStates = new HashMap<>();
    /** By network, its ports last decided while its state was undecided: decided again once it is not. */
    private final Map<String, Set<String>> undecided = new HashMap<>();
    private final Map<String, Set<String>> portsByNetwork = new HashMap<>();
    /** Ports whose decided status their record did not hold at the last call: written since, or not yet. */
    private Set<String> unwritten = Set.of();

    /**
     * @param snapshot      the snapshot the switches were converged to
     * @param switchState   as for {@link PortStatusPolicy#statuses}
     * @param statesChanged every switch whose state may differ from what {@code switchState} said of it at the last
     *                      call, the only ones asked (at 1,000 switches, asking each at every call was most of a
     *                      port-up's statuses); null when any may
     * @return of {@link PortStatusPolicy#statuses}, the statuses the snapshot's port records do not hold yet
     */
    public Map<String, PortStatus> toWrite(Snapshot snapshot, Function<DatapathId, Optional<Boolean>> switchState,
                                           Set<DatapathId> statesChanged) {
        try {
            return decided(snapshot, switchState, statesChanged);
        } catch (RuntimeException e) {
            last = null; // what was asked is lost: the next call asks every switch again
            throw e;
        }
    }

    private Map<String, PortStatus> decided(Snapshot snapshot, Function<DatapathId, Optional<Boolean>> switchState,
                                            Set<DatapathId> statesChanged) {
        Map<String, DatapathId> nowSwitches = last != null && last.hosts() == snapshot.hosts() ? switches
                : PortStatusPolicy.switches(snapshot);
        Set<String> candidates;
        if (last == null || !switches.equals(nowSwitches) || !last.hosts().equals(snapshot.hosts())) {
            Map<DatapathId, Optional<Boolean>> nowStates = new HashMap<>();
            nowSwitches.values().forEach(dpid -> nowStates.put(dpid, switchState.apply(dpid)));
            rebuild(snapshot, nowSwitches, nowStates);
            candidates = snapshot.tenants().ports().keySet();
        } else {
            candidates = candidates(snapshot, statesChanged == null ? states.keySet() : statesChanged, switchState);
        }
        Map<String, PortStatus> toWrite = new HashMap<>();
        for (String id : candidates) {
            Port port = snapshot.tenants().ports().get(id);
            if (port == null) {
                continue;
            }
            Optional<PortStatus> status = PortStatusPolicy.status(snapshot, port, switches, states::get,
                    networkState(port.networkId()));
            if (status.isEmpty()) {
                undecided.computeIfAbsent(port.networkId(), n -> new HashSet<>()).add(id);
            } else {
                removeFrom(undecided, port.networkId(), id);
                if (status.get() != port.status()) {
                    toWrite.put(id, status.get());
                }
            }
        }
        unwritten = Set.copyOf(toWrite.keySet());
        last = snapshot;
        return toWrite;
    }

    /** The ports to decide again, the indexes and the switches' states brought up to the snapshot on the way. */
    private Set<String> candidates(Snapshot snapshot, Collection<DatapathId> statesChanged,
                                   Function<DatapathId, Optional<Boolean>> switchState) {
        Set<String> changedPorts = PersistentMaps.changedKeys(last.tenants().ports(), snapshot.tenants().ports());
        changedPorts.addAll(PersistentMaps.changedKeys(last.ports(), snapshot.ports()));
        Set<String> changedNetworks = PersistentMaps.changedKeys(last.tenants().networks(),
                snapshot.tenants().networks());
        for (String id : changedPorts) {
            forget(id, last.tenants().ports().get(id), last.ports().get(id), changedNetworks);
            index(id, snapshot.tenants().ports().get(id), snapshot.ports().get(id), changedNetworks);
        }
        Set<String> candidates = new HashSet<>(changedPorts);
        candidates.addAll(unwritten);
        for (DatapathId dpid : List.copyOf(statesChanged)) { // a copy: the states' own keys may be what is walked
            Optional<Boolean> before = states.get(dpid);
            if (before != null) { // a switch of a registered host: the others serve nothing
                Optional<Boolean> now = switchState.apply(dpid);
                states.put(dpid, now);
                if (!now.equals(before)) {
                    changedNetworks.addAll(networksServed.getOrDefault(dpid, Set.of()));
                }
            }
        }
        for (String network : changedNetworks) {
            Optional<Boolean> now = servingState(network);
            networkStates.put(network, now);
            boolean recordChanged = snapshot.tenants().networks().get(network) != last.tenants().networks().get(network);
            if (recordChanged || now.isPresent() && !now.get().equals(decidedStates.get(network))) {
                candidates.addAll(portsByNetwork.getOrDefault(network, Set.of()));
                decidedAt(network, now);
            } else if (now.isPresent()) {
                candidates.addAll(undecided.getOrDefault(network, Set.of()));
            }
        }
        return candidates;
    }

    private void rebuild(Snapshot snapshot, Map<String, DatapathId> nowSwitches,
                         Map<DatapathId, Optional<Boolean>> nowStates) {
        switches = nowSwitches;
        states = nowStates;
        decidedStates.clear();
        undecided.clear();
        serving.clear();
        networksServed.clear();
        networkStates.clear();
        portsByNetwork.clear();
        Set<String> networks = new HashSet<>();
        snapshot.tenants().ports().forEach((id, port) -> index(id, port, snapshot.ports().get(id), networks));
        networks.forEach(network -> {
            networkStates.put(network, servingState(network));
            decidedAt(network, networkStates.get(network));
        });
    }

    /** Every port of the network is decided at this serving state. */
    private void decidedAt(String network, Optional<Boolean> state) {
        state.ifPresentOrElse(s -> decidedStates.put(network, s), () -> decidedStates.remove(network));
    }

    /** Whether every switch serving the network holds its desired state (empty when one is undecided). */
    private Optional<Boolean> servingState(String network) {
        return PortStatusPolicy.allAtDesired(serving.getOrDefault(network, Map.of()).keySet().stream()
                .map(states::get).toList());
    }

    private Optional<Boolean> networkState(String network) {
        return networkStates.getOrDefault(network, Optional.of(true));
    }

    private void index(String id, Port port, PortReport report, Set<String> touchedNetworks) {
        if (port == null) {
            return;
        }
        touchedNetworks.add(port.networkId());
        portsByNetwork.computeIfAbsent(port.networkId(), n -> new HashSet<>()).add(id);
        DatapathId dpid = servingSwitch(report);
        if (dpid != null && serving.computeIfAbsent(port.networkId(), n -> new HashMap<>()).merge(dpid, 1,
                Integer::sum) == 1) {
            networksServed.computeIfAbsent(dpid, d -> new HashSet<>()).add(port.networkId());
        }
    }

    private void forget(String id, Port port, PortReport report, Set<String> touchedNetworks) {
        if (port == null) {
            return;
        }
        touchedNetworks.add(port.networkId());
        removeFrom(portsByNetwork, port.networkId(), id);
        removeFrom(undecided, port.networkId(), id);
        DatapathId dpid = servingSwitch(report);
        Map<DatapathId, Integer> counts = dpid == null ? null : serving.get(port.networkId());
        if (counts != null && counts.merge(dpid, -1, Integer::sum) == 0) {
            counts.remove(dpid);
            removeFrom(networksServed, dpid, port.networkId());
            if (counts.isEmpty()) {
                serving.remove(port.networkId());
            }
        }
    }

    /** The switch a usable report puts its port's network on, as {@link PortStatusPolicy} counts it. */
    private DatapathId servingSwitch(PortReport report) {
        return report == null || !report.isUsable() ? null : switches.get(report.host());
    }

    private static <K> void removeFrom(Map<K, Set<String>> index, K key, String value) {
        Set<String> values = index.get(key);
        if (values != null && values.remove(value) && values.isEmpty()) {
            index.remove(key);
        }
    }
}
