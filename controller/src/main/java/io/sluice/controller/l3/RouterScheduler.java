package io.sluice.controller.l3;

import io.sluice.controller.tenant.Changes;
import io.sluice.models.tenant.TenantModel;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Neutron's least-routers L3 scheduler: a router goes to the alive L3 agent hosting the fewest routers, ties
 * broken by host name so the choice is reproducible. A router stays where it is once bound; only unbound routers
 * are placed.
 */
public final class RouterScheduler {
    private RouterScheduler() {
    }

    /**
     * The host for one more router, given the bindings now.
     *
     * @param l3Hosts the hosts of the alive L3 agents
     * @return empty when there is none
     */
    public static Optional<String> choose(Collection<String> l3Hosts, Map<String, String> routerHosts) {
        Map<String, Integer> load = load(l3Hosts, routerHosts);
        return load.keySet().stream().min(Comparator.<String>comparingInt(load::get)
                .thenComparing(Comparator.naturalOrder()));
    }

    /**
     * Places every router of the model that has no host, one after another so each choice counts the ones
     * before it.
     *
     * @return router id to host, empty when nothing is unbound or no L3 agent is alive
     */
    public static Map<String, String> placeUnbound(TenantModel model, Collection<String> l3Hosts) {
        Map<String, String> bindings = new HashMap<>(model.routerHosts());
        Map<String, String> placed = new HashMap<>();
        for (String router : new TreeSet<>(model.routers().keySet())) {
            if (!bindings.containsKey(router)) {
                Optional<String> host = choose(l3Hosts, bindings);
                if (host.isEmpty()) {
                    break;
                }
                bindings.put(router, host.get());
                placed.put(router, host.get());
            }
        }
        return placed;
    }

    private static Map<String, Integer> load(Collection<String> l3Hosts, Map<String, String> routerHosts) {
        Map<String, Integer> load = new HashMap<>();
        l3Hosts.forEach(h -> load.put(h, 0));
        routerHosts.values().forEach(h -> load.computeIfPresent(h, (host, n) -> n + 1));
        return load;
    }
}
