package io.sluice.controller.tenant;

import io.sluice.controller.audit.AuditFinding;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compares the store's allocation guards with the records at the same revision (see {@link CommitPlan}): a guard
 * whose holder is gone or no longer holds that allocation is a leak (the allocation can never be taken again);
 * an allocation a record holds without its guard, or under a guard naming another holder, is drift (two records
 * could end up holding it). A released MPLS label's guard is neither: it sits out its quarantine.
 */
public final class AllocationAudit {
    static final String AREA = "allocations";

    /**
     * A guard document.
     *
     * @param holder   the record it names
     * @param released whether it is a released label's guard, kept for the quarantine
     */
    public record Guard(ResourceKey holder, boolean released) {
    }

    private AllocationAudit() {
    }

    public static List<AuditFinding> compare(TenantModel model, Map<ResourceKey, Guard> guards) {
        List<AuditFinding> findings = new ArrayList<>();
        holders(ResourceKey::network, model.networks(), guards, findings);
        holders(ResourceKey::port, model.ports(), guards, findings);
        holders(ResourceKey::portForwarding, model.portForwardings(), guards, findings);
        guards.forEach((key, guard) -> {
            if (guard.released()) {
                return;
            }
            Object holder = ModelMaps.record(model, guard.holder());
            if (holder == null) {
                findings.add(AuditFinding.leak(AREA, describe(key), "held by " + describe(guard.holder())
                        + ", which does not exist"));
            } else if (!CommitPlan.guardsOf(holder).contains(key)) {
                findings.add(AuditFinding.leak(AREA, describe(key), "held by " + describe(guard.holder())
                        + ", which no longer holds it"));
            }
        });
        model.routerHosts().keySet().stream().filter(router -> !model.routers().containsKey(router))
                .forEach(router -> findings.add(AuditFinding.leak(AREA, "router binding " + router,
                        "binds a router that does not exist")));
        return findings;
    }

    private static void holders(Function<String, ResourceKey> keyOf, Map<String, ?> records,
                                Map<ResourceKey, Guard> guards, List<AuditFinding> findings) {
        records.forEach((id, record) -> {
            ResourceKey self = keyOf.apply(id);
            for (ResourceKey key : CommitPlan.guardsOf(record)) {
                Guard guard = guards.get(key);
                if (guard == null) {
                    findings.add(AuditFinding.drift(AREA, describe(key), describe(self) + " holds it without a guard"));
                } else if (guard.released()) {
                    findings.add(AuditFinding.drift(AREA, describe(key), describe(self)
                            + " holds it, but its guard says it was released"));
                } else if (!guard.holder().equals(self)) {
                    findings.add(AuditFinding.drift(AREA, describe(key), describe(self)
                            + " holds it, but its guard names " + describe(guard.holder())));
                }
            }
        });
    }

    private static String describe(ResourceKey key) {
        return key.kind().storeName() + " " + key.id();
    }
}
