package io.sluice.controller.l3;

import io.sluice.controller.audit.AuditFinding;
import io.sluice.models.l3.RouterPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares, host by host, the router plans the model gives each L3 agent with what the agent last reported its
 * namespaces hold ({@code routers_applied}): a router missing from a host, left on a host that should not hold it,
 * or applied in another form is drift.
 */
public final class RouterPlanAudit {
    static final String AREA = "routers";

    private RouterPlanAudit() {
    }

    public static List<AuditFinding> compare(Map<String, List<RouterPlan>> desired,
                                             Map<String, List<RouterPlan>> applied) {
        List<AuditFinding> findings = new ArrayList<>();
        Set<String> hosts = new TreeSet<>(desired.keySet());
        hosts.addAll(applied.keySet());
        for (String host : hosts) {
            Map<String, RouterPlan> want = byRouter(desired.getOrDefault(host, List.of()));
            Map<String, RouterPlan> have = byRouter(applied.getOrDefault(host, List.of()));
            want.forEach((router, plan) -> {
                RouterPlan held = have.get(router);
                if (held == null) {
                    findings.add(AuditFinding.drift(AREA, "router " + router, "not applied on " + host));
                } else if (!held.equals(plan)) {
                    findings.add(AuditFinding.drift(AREA, "router " + router, "applied on " + host
                            + " in another form than its plan"));
                }
            });
            have.keySet().stream().filter(router -> !want.containsKey(router)).forEach(router -> findings.add(
                    AuditFinding.drift(AREA, "router " + router, "still applied on " + host + ", which should not hold it")));
        }
        return findings;
    }

    private static Map<String, RouterPlan> byRouter(List<RouterPlan> plans) {
        return plans.stream().collect(Collectors.toMap(RouterPlan::routerId, Function.identity(), (a, b) -> b,
                TreeMap::new));
    }
}
