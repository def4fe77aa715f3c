package io.sluice.controller.binding;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.TenantModel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcollections.PMap;

/**
 * Which of a port's reports the switches forward by, and where a live migration readies it. While Nova moves a
 * VM its port is plugged on two hosts. Traffic goes to the host of the port's active binding when that host
 * reports it (else, as for a port whose binding names no reporting host, to the latest report); a host that
 * holds one of the port's inactive bindings and reports it too is its <em>standby</em>, whose flows are readied
 * so the activation moves every switch at once. Pure: a function of the reports and the model.
 *
 * <p>The maps are persistent ({@link PersistentMaps}): {@link #next} places only the ports whose reports changed
 * and those on two hosts, and its maps descend from this one's, so what follows the snapshot finds which ports
 * moved in the size of the change, not of the cloud.
 *
 * @param reports    every host's usable report of each port, the latest last: what was placed
 * @param active     the report traffic follows, by port id
 * @param standby    the destination's report, by port id, for ports being migrated
 * @param onTwoHosts the ports reported on more than one host: the only ones whose placement reads the model
 */
public record PortPlacement(Map<String, List<PortReport>> reports, Map<String, PortReport> active,
                            Map<String, PortReport> standby, Set<String> onTwoHosts) {
    /** No report placed: where placing by {@link #next} starts. */
    public static final PortPlacement NONE = of(Map.of(), TenantModel.EMPTY);

    public PortPlacement {
        reports = PersistentMaps.of(reports);
        active = PersistentMaps.of(active);
        standby = PersistentMaps.of(standby);
        onTwoHosts = Set.copyOf(onTwoHosts);
    }

    /**
     * Whether placing these reports reads the model: only a port reported on two hosts is placed by its binding, so
     * otherwise a change of the model alone moves no report.
     */
    public boolean readsModel() {
        return !onTwoHosts.isEmpty();
    }

    /** Every port placed from scratch. */
    public static PortPlacement of(Map<String, List<PortReport>> reports, TenantModel model) {
        Map<String, PortReport> active = new HashMap<>();
        Map<String, PortReport> standby = new HashMap<>();
        Set<String> onTwoHosts = new HashSet<>();
        reports.forEach((portId, onHosts) -> {
            Choice choice = choose(portId, onHosts, model);
            active.put(portId, choice.active());
            if (choice.standby() != null) {
                standby.put(portId, choice.standby());
            }
            if (onHosts.size() > 1) {
                onTwoHosts.add(portId);
            }
        });
        return new PortPlacement(reports, active, standby, onTwoHosts);
    }

    /**
     * The placement of {@code newReports} against {@code model}, equal to {@link #of}'s: from this one, placing
     * again the ports whose reports are other objects ({@link PersistentMaps#changedKeys}) and those on two hosts.
     * This very placement when neither exists; maps changed in one step each, only where a port moved.
     */
    public PortPlacement next(Map<String, List<PortReport>> newReports, TenantModel model) {
        if (newReports == reports && onTwoHosts.isEmpty()) {
            return this;
        }
        Set<String> toPlace = PersistentMaps.changedKeys(reports, newReports);
        toPlace.addAll(onTwoHosts);
        Moves activeMoves = new Moves(active);
        Moves standbyMoves = new Moves(standby);
        Set<String> nextOnTwoHosts = new HashSet<>(onTwoHosts);
        for (String portId : toPlace) {
            List<PortReport> onHosts = newReports.get(portId);
            Choice choice = onHosts == null ? Choice.UNPLACED : choose(portId, onHosts, model);
            activeMoves.place(portId, choice.active());
            standbyMoves.place(portId, choice.standby());
            if (onHosts != null && onHosts.size() > 1) {
                nextOnTwoHosts.add(portId);
            } else {
                nextOnTwoHosts.remove(portId);
            }
        }
        return new PortPlacement(newReports, activeMoves.applied(), standbyMoves.applied(), nextOnTwoHosts);
    }

    /**
     * The snapshot with its ports placed here. It keeps its own map where no report in it is another object: what
     * reads the next snapshot (its compiler view, the compiler's changes) then finds the ports unchanged by
     * identity. This placement's maps descend from the snapshot's when it was placed from the snapshot's placement,
     * so this looks at the ports that moved, not at every port.
     */
    public Snapshot placedIn(Snapshot s) {
        return s.withPorts(sameIfUnchanged(s.ports(), active), sameIfUnchanged(s.standby(), standby));
    }

    private static Map<String, PortReport> sameIfUnchanged(Map<String, PortReport> kept,
                                                           Map<String, PortReport> placed) {
        return PersistentMaps.changedKeys(kept, placed).isEmpty() ? kept : placed;
    }

    /** Where one port's reports place it: the report traffic follows, and the one readied (null for none). */
    private record Choice(PortReport active, PortReport standby) {
        static final Choice UNPLACED = new Choice(null, null);
    }

    private static Choice choose(String portId, List<PortReport> onHosts, TenantModel model) {
        if (onHosts.size() == 1) { // the usual case: no choice, and no other host to ready
            return new Choice(onHosts.get(0), null);
        }
        Port port = model.ports().get(portId);
        PortReport chosen = onHosts.stream()
                .filter(r -> port != null && r.host().equals(port.binding().hostId())).findFirst()
                .orElse(onHosts.get(onHosts.size() - 1));
        PortReport readied = port == null ? null : onHosts.stream()
                .filter(r -> r != chosen && port.binding().inactiveOn(r.host()).isPresent())
                .reduce((first, later) -> later).orElse(null);
        return new Choice(chosen, readied);
    }

    /**
     * The ports a map's placement moved, applied in one step each for the additions and the removals: a map's
     * lineage remembers a bounded number of steps, and a host's full list can move a hundred ports at once.
     */
    private static final class Moves {
        private final PMap<String, PortReport> before;
        private final Map<String, PortReport> placed = new HashMap<>();
        private final Set<String> removed = new HashSet<>();

        Moves(Map<String, PortReport> before) {
            this.before = PersistentMaps.of(before);
        }

        /** The port placed by this report, or by none; the same report (by identity) is no move. */
        void place(String portId, PortReport report) {
            if (report == null && before.containsKey(portId)) {
                removed.add(portId);
            } else if (report != null && before.get(portId) != report) {
                placed.put(portId, report);
            }
        }

        PMap<String, PortReport> applied() {
            PMap<String, PortReport> after = placed.isEmpty() ? before : before.plusAll(placed);
            return removed.isEmpty() ? after : after.minusAll(removed);
        }
    }
}
