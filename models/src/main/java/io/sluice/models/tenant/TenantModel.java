package io.sluice.models.tenant;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The whole tenant model at one store revision, frozen: what compilers read. */
public record TenantModel(long revision, Map<String, Network> networks, Map<String, Subnet> subnets,
                          Map<String, Port> ports) {
    public static final TenantModel EMPTY = new TenantModel(0, Map.of(), Map.of(), Map.of());

    public TenantModel {
        networks = Map.copyOf(networks);
        subnets = Map.copyOf(subnets);
        ports = Map.copyOf(ports);
    }

    public static TenantModel of(long revision, List<Network> networks, List<Subnet> subnets, List<Port> ports) {
        return new TenantModel(revision, byId(networks, Network::id), byId(subnets, Subnet::id), byId(ports, Port::id));
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
