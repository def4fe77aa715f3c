package io.sluice.controller.binding;

import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.TenantModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a port's reports the switches forward by, and where a live migration readies it. While Nova moves a
 * VM its port is plugged on two hosts. Traffic goes to the host of the port's active binding when that host
 * reports it (else, as for a port whose binding names no reporting host, to the latest report); a host that
 * holds one of the port's inactive bindings and reports it too is its <em>standby</em>, whose flows are readied
 * so the activation moves every switch at once. Pure: a function of the reports and the model.
 *
 * @param active  the report traffic follows, by port id
 * @param standby the destination's report, by port id, for ports being migrated
 */
public record PortPlacement(Map<String, PortReport> active, Map<String, PortReport> standby) {
    public PortPlacement {
        active = Map.copyOf(active);
        standby = Map.copyOf(standby);
    }

    /**
     * Whether placing these reports reads the model: only a port reported on two hosts is placed by its binding, so
     * otherwise a change of the model alone moves no report.
     */
    public static boolean readsModel(Map<String, List<PortReport>> reports) {
        return reports.values().stream().anyMatch(onHosts -> onHosts.size() > 1);
    }

    /** @param reports every host's usable report of each port, the latest last */
    public static PortPlacement of(Map<String, List<PortReport>> reports, TenantModel model) {
        Map<String, PortReport> active = new HashMap<>();
        Map<String, PortReport> standby = new HashMap<>();
        reports.forEach((portId, onHosts) -> {
            if (onHosts.size() == 1) { // the usual case: no choice, and no other host to ready
                active.put(portId, onHosts.get(0));
                return;
            }
            Port port = model.ports().get(portId);
            PortReport chosen = onHosts.stream()
                    .filter(r -> port != null && r.host().equals(port.binding().hostId())).findFirst()
                    .orElse(onHosts.get(onHosts.size() - 1));
            active.put(portId, chosen);
            if (port != null) {
                onHosts.stream().filter(r -> r != chosen && port.binding().inactiveOn(r.host()).isPresent())
                        .reduce((first, later) -> later).ifPresent(r -> standby.put(portId, r));
            }
        });
        return new PortPlacement(active, standby);
    }
}
