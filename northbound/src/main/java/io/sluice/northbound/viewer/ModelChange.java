package io.sluice.northbound.viewer;

import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import io.sluice.northbound.neutron.Policy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * What changed from one tenant model to the next, by Neutron collection, so each viewer is told only of the
 * collections in which it may see a change (a member never learns when another project's ports come and go).
 */
final class ModelChange {
    /** A resource before and after the change; either is null when it was created or deleted. */
    private record Changed<T>(T before, T after) {
    }

    private final TenantModel before;
    private final TenantModel after;
    private final List<Changed<Network>> networks;
    private final List<Changed<Subnet>> subnets;
    private final List<Changed<Port>> ports;
    private final List<Changed<Router>> routers;
    private final List<Changed<FloatingIp>> floatingIps;
    /** Routers scheduled, moved or unscheduled: what the viewer shows as the router's host. */
    private final Set<String> rescheduled;

    ModelChange(TenantModel before, TenantModel after) {
        this.before = before;
        this.after = after;
        this.networks = changed(before.networks(), after.networks());
        this.subnets = changed(before.subnets(), after.subnets());
        this.ports = changed(before.ports(), after.ports());
        this.routers = changed(before.routers(), after.routers());
        this.floatingIps = changed(before.floatingIps(), after.floatingIps());
        this.rescheduled = new HashSet<>(before.routerHosts().keySet());
        rescheduled.addAll(after.routerHosts().keySet());
        rescheduled.removeIf(id -> Objects.equals(before.routerHosts().get(id), after.routerHosts().get(id)));
    }

    long revision() {
        return after.revision();
    }

    /** The Neutron collections in which the caller sees something change; empty when it sees nothing change. */
    List<String> visibleTo(Policy policy) {
        List<String> kinds = new ArrayList<>();
        if (any(networks, (model, n) -> policy.canSee(n))) {
            kinds.add("networks");
        }
        if (any(subnets, (model, s) -> policy.canSee(model, s))) {
            kinds.add("subnets");
        }
        if (any(ports, (model, p) -> policy.canSee(model, p))) {
            kinds.add("ports");
        }
        if (any(routers, (model, r) -> policy.owns(r.projectId())) || rescheduled.stream().anyMatch(id ->
                owned(before.routers().get(id), policy) || owned(after.routers().get(id), policy))) {
            kinds.add("routers");
        }
        if (any(floatingIps, (model, f) -> policy.owns(f.projectId()))) {
            kinds.add("floatingips");
        }
        return kinds;
    }

    private static boolean owned(Router router, Policy policy) {
        return router != null && policy.owns(router.projectId());
    }

    private <T> boolean any(List<Changed<T>> changes, BiPredicate<TenantModel, T> visible) {
        for (Changed<T> change : changes) {
            if (change.before() != null && visible.test(before, change.before())
                    || change.after() != null && visible.test(after, change.after())) {
                return true;
            }
        }
        return false;
    }

    /** Looks only at the records that are other objects: a model change shares the rest with the model before. */
    private static <T> List<Changed<T>> changed(Map<String, T> before, Map<String, T> after) {
        List<Changed<T>> changes = new ArrayList<>();
        for (String id : PersistentMaps.changedKeys(before, after)) {
            T old = before.get(id);
            T now = after.get(id);
            if (!Objects.equals(old, now)) {
                changes.add(new Changed<>(old, now));
            }
        }
        return changes;
    }
}
