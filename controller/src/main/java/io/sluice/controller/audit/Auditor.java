package io.sluice.controller.audit;

import io.sluice.controller.l3.RouterPlanPublisher;
import io.sluice.controller.reconcile.FlowDiff;
import io.sluice.controller.reconcile.Reconciler;
import io.sluice.controller.tenant.TenantRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The operator's audit: the store's allocations against its records, every known switch's flows and groups
 * against the desired state compiled now, and every L3 agent's applied routers against their plans. Reads only;
 * repairing stays the reconciler's and the agents' business.
 */
public final class Auditor {
    static final String SWITCH_AREA = "switch";

    private final TenantRepository tenants;
    private final Reconciler reconciler;
    private final RouterPlanPublisher routerPlans;
    private final Function<DatapathId, Optional<String>> hostOf;

    public Auditor(TenantRepository tenants, Reconciler reconciler, RouterPlanPublisher routerPlans,
                   Function<DatapathId, Optional<String>> hostOf) {
        this.tenants = tenants;
        this.reconciler = reconciler;
        this.routerPlans = routerPlans;
        this.hostOf = hostOf;
    }

    /** Runs the audit; reads the store on the calling thread, so call it where blocking is allowed. */
    public CompletableFuture<AuditReport> run() {
        List<AuditFinding> findings = new ArrayList<>(tenants.auditAllocations());
        findings.addAll(routerPlans.audit());
        return reconciler.inspect().thenApply(diffs -> {
            diffs.forEach((dpid, diff) -> switchDrift(dpid, hostOf.apply(dpid), diff).ifPresent(findings::add));
            return new AuditReport(findings);
        });
    }

    /** A switch's difference from its desired state as one finding counting every flow and group out of place. */
    static Optional<AuditFinding> switchDrift(DatapathId dpid, Optional<String> host, FlowDiff diff) {
        if (diff.isEmpty()) {
            return Optional.empty();
        }
        // The diff says what would be sent: an add is a flow missing or different, a delete one extra.
        String detail = "flows: " + diff.toAdd().size() + " missing or different, " + diff.toModify().size()
                + " with other instructions, " + diff.toDelete().size() + " extra; groups: "
                + diff.groupsToAdd().size() + " missing, " + diff.groupsToModify().size() + " different, "
                + diff.groupsToDelete().size() + " extra";
        return Optional.of(new AuditFinding(AuditFinding.Type.DRIFT, SWITCH_AREA,
                dpid + host.map(h -> " (" + h + ")").orElse(""), diff.flowChanges() + diff.groupChanges(), detail));
    }
}
