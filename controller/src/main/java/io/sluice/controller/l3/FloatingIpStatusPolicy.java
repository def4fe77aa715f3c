package io.sluice.controller.l3;

import io.sluice.models.l3.RouterPlan;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.TenantModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a floating IP is ACTIVE, as Neutron shows it: its mapping (to a port, or its port forwardings) is
 * held by the namespace of the router on the host the router is scheduled to, as that host's L3 agent last
 * reported ({@code routers_applied}). Everything else is DOWN. Pure.
 */
public final class FloatingIpStatusPolicy {
    private FloatingIpStatusPolicy() {
    }

    /**
     * @param applied by host, the plans its L3 agent last reported holding
     * @return the status of every floating IP of the model
     */
    public static Map<String, PortStatus> statuses(TenantModel model, Map<String, List<RouterPlan>> applied) {
        List<RouterPlan> held = applied.entrySet().stream().flatMap(host -> host.getValue().stream()
                .filter(plan -> host.getKey().equals(model.routerHosts().get(plan.routerId())))).toList();
        Map<String, PortStatus> statuses = new HashMap<>();
        for (FloatingIp fip : model.floatingIps().values()) {
            statuses.put(fip.id(), isHeld(model, fip, held) ? PortStatus.ACTIVE : PortStatus.DOWN);
        }
        return statuses;
    }

    private static boolean isHeld(TenantModel model, FloatingIp fip, List<RouterPlan> held) {
        String address = fip.floatingIpAddress();
        if (fip.isAssociated()) {
            RouterPlan.FloatingNat nat = new RouterPlan.FloatingNat(address, fip.fixedIpAddress());
            return held.stream().anyMatch(plan -> plan.routerId().equals(fip.routerId())
                    && plan.floatingIps().contains(nat));
        }
        boolean forwards = model.portForwardings().values().stream().anyMatch(pf -> pf.floatingIpId().equals(fip.id()));
        return forwards && held.stream().flatMap(plan -> plan.portForwardings().stream())
                .anyMatch(forward -> forward.floatingIp().equals(address));
    }
}
