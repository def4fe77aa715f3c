package io.sluice.models.ipam;

import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks and allocates the segments of flat and VLAN provider networks as ML2's flat and VLAN type drivers do.
 * Pure: the caller passes the networks that exist and records the answer; the store's guard keys (one per
 * flat physical network, one per VLAN id) keep two concurrent creates from both winning.
 */
public final class ProviderSegments {
    /** Where a network lies: its type, physical network (provider networks) and VNI or VLAN id. */
    public record Segment(NetworkType type, String physicalNetwork, Integer segmentationId) {
    }

    private final Map<String, PhysicalNetwork> physicalNetworks = new LinkedHashMap<>();

    /** @param physicalNetworks the deployment's physical networks, in the order VLANs are allocated from */
    public ProviderSegments(List<PhysicalNetwork> physicalNetworks) {
        physicalNetworks.forEach(p -> this.physicalNetworks.put(p.name(), p));
    }

    /**
     * The segment of a new flat network.
     *
     * @throws InvalidInput      when the physical network is missing or unknown, or a segmentation id is given
     * @throws FlatNetworkInUse  when the physical network already has its flat network
     */
    public Segment flat(String physicalNetwork, Integer segmentationId, Collection<Network> existing) {
        if (segmentationId != null) {
            throw new InvalidInput("provider:segmentation_id prohibited for flat provider network");
        }
        if (physicalNetwork == null) {
            throw new InvalidInput("physical_network required for flat provider network");
        }
        known(physicalNetwork, "flat");
        if (existing.stream().anyMatch(n -> n.type() == NetworkType.FLAT
                && n.physicalNetwork().equals(physicalNetwork))) {
            throw new FlatNetworkInUse(physicalNetwork);
        }
        return new Segment(NetworkType.FLAT, physicalNetwork, null);
    }

    /**
     * The segment of a new VLAN network: the id asked for, or the lowest free one of the physical network's
     * range (of the first physical network with a free one when none is named).
     *
     * @throws InvalidInput       when the physical network is unknown, the id out of 1..4094, or given alone
     * @throws VlanIdInUse        when another network has the id on that physical network
     * @throws NoNetworkAvailable when no range has a free id
     */
    public Segment vlan(String physicalNetwork, Integer segmentationId, Collection<Network> existing) {
        if (segmentationId != null) {
            if (segmentationId < 1 || segmentationId > 4094) {
                throw new InvalidInput("provider:segmentation_id out of range (1 through 4094)");
            }
            if (physicalNetwork == null) {
                throw new InvalidInput("segmentation_id requires physical_network for VLAN provider network");
            }
            known(physicalNetwork, "VLAN");
            if (inUse(existing, physicalNetwork, segmentationId)) {
                throw new VlanIdInUse(segmentationId, physicalNetwork);
            }
            return new Segment(NetworkType.VLAN, physicalNetwork, segmentationId);
        }
        if (physicalNetwork != null) {
            known(physicalNetwork, "VLAN");
        }
        for (PhysicalNetwork candidate : physicalNetworks.values()) {
            if (physicalNetwork != null && !candidate.name().equals(physicalNetwork)) {
                continue;
            }
            Optional<PhysicalNetwork.VlanRange> range = candidate.tenantVlans();
            if (range.isEmpty()) {
                continue;
            }
            for (int vlan = range.get().first(); vlan <= range.get().last(); vlan++) {
                if (!inUse(existing, candidate.name(), vlan)) {
                    return new Segment(NetworkType.VLAN, candidate.name(), vlan);
                }
            }
        }
        throw new NoNetworkAvailable();
    }

    private void known(String physicalNetwork, String type) {
        if (!physicalNetworks.containsKey(physicalNetwork)) {
            throw new InvalidInput("physical_network '" + physicalNetwork + "' unknown for " + type
                    + " provider network");
        }
    }

    private static boolean inUse(Collection<Network> existing, String physicalNetwork, int vlan) {
        return existing.stream().anyMatch(n -> n.type() == NetworkType.VLAN
                && n.physicalNetwork().equals(physicalNetwork) && n.segmentationId() == vlan);
    }
}
