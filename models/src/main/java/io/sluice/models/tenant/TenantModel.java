package io.sluice.models.tenant;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole tenant model at one store revision, frozen: what compilers read. Every map is by id.
 *
 * @param routerHosts the host whose L3 agent hosts each scheduled router, by router id (Neutron's
 *                    router-to-L3-agent binding); a router missing here is not scheduled
 */
public record TenantModel(long revision, Map<String, Network> networks, Map<String, Subnet> subnets,
                          Map<String, Port> ports, Map<String, Router> routers, Map<String, FloatingIp> floatingIps,
                          Map<String, PortForwarding> portForwardings, Map<String, String> routerHosts) {
    public static final TenantModel EMPTY = new TenantModel(0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of(), Map.of());

    /** Each map is kept persistent ({@link PersistentMaps}): a model made from another shares what is unchanged. */
    public TenantModel {
        networks = PersistentMaps.of(networks);
        subnets = PersistentMaps.of(subnets);
        ports = PersistentMaps.of(ports);
        routers = PersistentMaps.of(routers);
        floatingIps = PersistentMaps.of(floatingIps);
        portForwardings = PersistentMaps.of(portForwardings);
        routerHosts = PersistentMaps.of(routerHosts);
    }

    /** A model of layer 2 only: no routers, floating IPs or port forwardings. */
    public static TenantModel of(long revision, List<Network> networks, List<Subnet> subnets, List<Port> ports) {
        return of(revision, networks, subnets, ports, List.of(), List.of(), List.of());
    }

    public static TenantModel of(long revision, List<Network> networks, List<Subnet> subnets, List<Port> ports,
                                 List<Router> routers, List<FloatingIp> floatingIps,
                                 List<PortForwarding> portForwardings) {
        return new TenantModel(revision, byId(networks, Network::id), byId(subnets, Subnet::id), byId(ports, Port::id),
                byId(routers, Router::id), byId(floatingIps, FloatingIp::id),
                byId(portForwardings, PortForwarding::id), Map.of());
    }

    /** The same model with other ports: what the port-only paths (statuses, bindings) change. */
    public TenantModel withPorts(long newRevision, Map<String, Port> newPorts) {
        return new TenantModel(newRevision, networks, subnets, newPorts, routers, floatingIps, portForwardings,
                routerHosts);
    }

    public List<Port> portsOf(String networkId) {
        return ports.values().stream().filter(p -> p.networkId().equals(networkId)).toList();
    }

    public List<Subnet> subnetsOf(String networkId) {
        return subnets.values().stream().filter(s -> s.networkId().equals(networkId)).toList();
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toUnmodifiableMap(id, Function.identity()));
    }
}
