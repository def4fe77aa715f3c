package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.MacAllocator;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.ModelIndex;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Subnet;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a port being planned may not take: the MACs and addresses other ports hold on its network, the MPLS labels
 * held anywhere, and what the ports planned before it in the same commit took (a bulk create's earlier items,
 * {@link #add}); and the network's subnets to take addresses from. The model is read once for all the ports one
 * commit plans, not once for each.
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
    private HeldLabels labels;
    /** By network id: its subnets in creation order, each read once. */
    private final Map<String, List<Subnet>> subnets = new HashMap<>();

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

    /** The subnets of one of the networks planned for, oldest first (the order Neutron's IPAM tries them in). */
    List<Subnet> subnetsInOrder(String networkId) {
        return subnets.computeIfAbsent(networkId, id -> Resources.subnetsInOrder(state, id));
    }

    private HeldLabels heldLabels() {
        if (labels == null) {
            ModelIndex index = ModelIndex.of(state.model());
            labels = new HeldLabels(index.heldLabels(), index.firstUnheldLabel());
        }
        return labels;
    }

    /**
     * The labels held, with the run of held labels from the lowest one kept as a bound: labels are taken lowest
     * first ({@link io.sluice.models.ipam.MplsLabels#allocate}), so each allocation asks about every label of the
     * run, and a bound answers those without hashing (a bulk of 500 ports at 25,000 labels held: 12 million
     * look-ups otherwise).
     */
    private static final class HeldLabels extends AbstractSet<Integer> {
        /** The model's, shared: never changed here. */
        private final Set<Integer> held;
        /** Taken by the ports planned in this commit. */
        private final Set<Integer> taken = new HashSet<>();
        /** Every label from the lowest to below this one is held; this one is not. */
        private int firstFree;

        HeldLabels(Set<Integer> held, int firstFree) {
            this.held = held;
            this.firstFree = firstFree;
        }

        @Override
        public boolean contains(Object label) {
            return label instanceof Integer l && (l >= PortBinding.MIN_MPLS_LABEL && l < firstFree || held.contains(l)
                    || taken.contains(l));
        }

        @Override
        public boolean add(Integer label) {
            boolean added = !held.contains(label) && taken.add(label);
            while (contains(firstFree)) {
                firstFree++;
            }
            return added;
        }

        @Override
        public Iterator<Integer> iterator() {
            return Stream.concat(held.stream(), taken.stream()).iterator();
        }

        @Override
        public int size() {
            return held.size() + taken.size();
        }
    }

    /** The planned networks' ports, read once for all the ports planned. */
    private void index() {
        if (macs != null) {
            return;
        }
        macs = new HashMap<>();
        networkIds.forEach(id -> macs.put(id, new HashSet<>()));
        ModelIndex index = ModelIndex.of(state.model());
        for (String networkId : networkIds) {
            for (String portId : index.portsOn(networkId)) {
                if (!portId.equals(exceptPortId)) {
                    take(state.model().ports().get(portId));
                }
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
