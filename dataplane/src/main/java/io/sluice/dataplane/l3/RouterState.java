package io.sluice.dataplane.l3;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one router namespace holds now, as read from it: the planner's "actual" side.
 *
 * @param exists     whether the namespace exists at all (if not, everything else is empty)
 * @param ipForward  whether {@code net.ipv4.ip_forward} is 1 in it
 * @param links      its links by name (lo, qr-, qg- and anything else found there)
 * @param routes     its routes with a next hop, destination ({@code default} or a CIDR) to next hop
 * @param natRules   its nat table as {@link NatTable#normalise} gives it
 * @param plugged    host-side names of router legs plugged (into br-int) on this host, of any router
 */
public record RouterState(boolean exists, boolean ipForward, Map<String, Link> links, Map<String, String> routes,
                          List<String> natRules, Set<String> plugged) {
    public static final RouterState ABSENT = new RouterState(false, false, Map.of(), Map.of(), List.of(), Set.of());

    public RouterState {
        links = Map.copyOf(links);
        routes = Map.copyOf(routes);
        natRules = List.copyOf(natRules);
        plugged = Set.copyOf(plugged);
    }

    public RouterState withPlugged(Set<String> newPlugged) {
        return new RouterState(exists, ipForward, links, routes, natRules, newPlugged);
    }

    /**
     * One link in the namespace.
     *
     * @param addresses its IPv4 addresses in CIDR form
     */
    public record Link(String name, String mac, int mtu, boolean up, Set<String> addresses) {
        public Link {
            addresses = Set.copyOf(addresses);
        }
    }
}
