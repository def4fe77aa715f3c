package io.sluice.controller.tenant;

import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One atomic change to the tenant model, computed from a {@link TenantState}: records written or deleted,
 * quotas set, routers bound to hosts, and records only read (a port's network) that must still be as read when it commits. The
 * repository adds the preconditions and the allocation guards.
 */
public final class Changes {
    /** A record to write; description null keeps the one stored. */
    record Put(ResourceKey key, Object record, String description) {
    }

    private final Map<ResourceKey, Put> puts = new LinkedHashMap<>();
    private final Set<ResourceKey> deletes = new LinkedHashSet<>();
    private final Map<String, Map<String, Integer>> quotas = new LinkedHashMap<>();
    /** Router id to its host, or to null to unbind it. */
    private final Map<String, String> routerHosts = new LinkedHashMap<>();
    private final Set<ResourceKey> reads = new LinkedHashSet<>();

    public static Changes of() {
        return new Changes();
    }

    public Changes put(Network network) {
        return put(network, null);
    }

    public Changes put(Network network, String description) {
        return add(new Put(ResourceKey.network(network.id()), network, description));
    }

    public Changes put(Subnet subnet) {
        return put(subnet, null);
    }

    public Changes put(Subnet subnet, String description) {
        return add(new Put(ResourceKey.subnet(subnet.id()), subnet, description));
    }

    public Changes put(Port port) {
        return put(port, null);
    }

    public Changes put(Port port, String description) {
        return add(new Put(ResourceKey.port(port.id()), port, description));
    }

    /**
     * The port with another binding (a bind, a move, a live migration's activation), conditioned on its network
     * as read: which label a binding holds depends on the network's type.
     */
    public Changes rebind(Port port, PortBinding binding) {
        return put(port.withBinding(binding)).read(ResourceKey.network(port.networkId()));
    }

    public Changes put(Router router, String description) {
        return add(new Put(ResourceKey.router(router.id()), router, description));
    }

    public Changes put(FloatingIp floatingIp, String description) {
        return add(new Put(ResourceKey.floatingIp(floatingIp.id()), floatingIp, description));
    }

    public Changes put(PortForwarding forwarding, String description) {
        return add(new Put(ResourceKey.portForwarding(forwarding.id()), forwarding, description));
    }

    public Changes delete(Network network) {
        return delete(ResourceKey.network(network.id()));
    }

    public Changes delete(Subnet subnet) {
        return delete(ResourceKey.subnet(subnet.id()));
    }

    public Changes delete(Port port) {
        return delete(ResourceKey.port(port.id()));
    }

    public Changes delete(Router router) {
        return delete(ResourceKey.router(router.id()));
    }

    public Changes delete(FloatingIp floatingIp) {
        return delete(ResourceKey.floatingIp(floatingIp.id()));
    }

    public Changes delete(PortForwarding forwarding) {
        return delete(ResourceKey.portForwarding(forwarding.id()));
    }

    /** Binds a router to the host whose L3 agent hosts it; a null host unbinds it. */
    public Changes routerHost(String routerId, String host) {
        routerHosts.put(routerId, host);
        return this;
    }

    /** Sets a project's quota limits (resource name to limit, -1 unlimited); an empty map removes them. */
    public Changes quota(String projectId, Map<String, Integer> limits) {
        quotas.put(projectId, Map.copyOf(limits));
        return this;
    }

    /** The commit applies only if this record is still as the change read it (or still absent). */
    public Changes read(ResourceKey key) {
        reads.add(key);
        return this;
    }

    public boolean isEmpty() {
        return puts.isEmpty() && deletes.isEmpty() && quotas.isEmpty() && routerHosts.isEmpty();
    }

    private Changes add(Put put) {
        if (deletes.contains(put.key())) {
            throw new IllegalArgumentException(put.key() + " is both written and deleted");
        }
        puts.put(put.key(), put);
        return this;
    }

    private Changes delete(ResourceKey key) {
        if (puts.containsKey(key)) {
            throw new IllegalArgumentException(key + " is both written and deleted");
        }
        deletes.add(key);
        return this;
    }

    List<Put> puts() {
        return new ArrayList<>(puts.values());
    }

    Set<ResourceKey> deletes() {
        return Set.copyOf(deletes);
    }

    Map<String, Map<String, Integer>> quotas() {
        return Map.copyOf(quotas);
    }

    Map<String, String> routerHosts() {
        return new LinkedHashMap<>(routerHosts);
    }

    Set<ResourceKey> reads() {
        return Set.copyOf(reads);
    }
}
