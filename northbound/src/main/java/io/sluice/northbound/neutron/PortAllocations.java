package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.MacAllocator;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a port being planned may not take: the MACs and addresses other ports hold on its network, the MPLS labels
 * held anywhere, and what the ports planned before it in the same commit took (a bulk create's earlier items,
 * {@link #add}). The model's ports are read once for all the ports one commit plans, not once for each.
 */
final class PortAllocations {
    private final TenantState state;
    private final Set<String> networkIds;
    private final String exceptPortId;
    /** By network id: the MACs its ports hold; only the networks planned for are here. Null until first read. */
    private Map<String, Set<String>> macs;
    /** By subnet id: the addresses its ports hold, for the subnets of those networks. */
    private final Map<String, Set<String>> addresses = new HashMap<>();
    /** Every label held, read from the model when first asked for. */
    private Set<Integer> labels;

    private PortAllocations(TenantState state, Set<String> networkIds, String exceptPortId) {
        this.state = state;
        this.networkIds = Set.copyOf(networkIds);
        this.exceptPortId = exceptPortId;
    }

    /**
     * Reads nothing yet: the model's ports are read when a MAC or an address is first asked for.
     *
     * @param networkIds   the networks the ports planned will be on
     * @param exceptPortId a port whose own MAC and addresses do not count (the one a change plans), or null
     */
    static PortAllocations of(TenantState state, Set<String> networkIds, String exceptPortId) {
        return new PortAllocations(state, networkIds, exceptPortId);
    }

    /** The port just planned: later ports of the same commit see its MAC, addresses and labels as taken. */
    void add(Port port) {
        take(port);
        port.binding().labels().forEach(label -> heldLabels().add(label));
    }

    /** The subnet's addresses taken, as a set of the caller's own. */
    Set<String> addresses(String subnetId) {
        index();
        return new HashSet<>(addresses.getOrDefault(subnetId, Set.of()));
    }

    /** A random address with OpenStack's prefix fa:16:3e, unique on the network. */
    String newMac(MacAllocator allocator, Network network) {
        return allocator.allocate(network.id(), macsOn(network.id()));
    }

    /** The MAC asked for, unless a port of the network holds it. */
    String unusedMac(Network network, String mac) {
        if (macsOn(network.id()).contains(mac)) {
            throw ApiError.conflict("MacAddressInUse", "Unable to complete operation for network " + network.id()
                    + ". The mac address " + mac + " is in use.");
        }
        return mac;
    }

    /** Every MPLS label a port holds now, read-only. */
    Set<Integer> labels() {
        return Collections.unmodifiableSet(heldLabels());
    }

    private Set<Integer> heldLabels() {
        if (labels == null) {
            labels = new HashSet<>(state.heldLabels());
        }
        return labels;
    }

    /** One pass over the model's ports for all the ports planned. */
    private void index() {
        if (macs != null) {
            return;
        }
        macs = new HashMap<>();
        networkIds.forEach(id -> macs.put(id, new HashSet<>()));
        for (Port port : state.model().ports().values()) {
            if (networkIds.contains(port.networkId()) && !port.id().equals(exceptPortId)) {
                take(port);
            }
        }
    }

    private Set<String> macsOn(String networkId) {
        index();
        Set<String> taken = macs.get(networkId);
        if (taken == null) {
            throw new IllegalStateException("network " + networkId + " was not planned for");
        }
        return taken;
    }

    private void take(Port port) {
        macsOn(port.networkId()).add(port.macAddress());
        for (FixedIp ip : port.fixedIps()) {
            addresses.computeIfAbsent(ip.subnetId(), s -> new HashSet<>()).add(ip.ipAddress());
        }
    }
}
