package io.sluice.models.ipam;

import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.PortBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MPLS labels of the ports of MPLS networks. A label is unique in the whole deployment, not per hypervisor:
 * then a label alone names a port in a capture or a flow dump, and a packet still in flight to a port's old
 * hypervisor after a rebind can never reach another port that happens to hold the same label there. 2^20 - 16
 * labels are far more than the ports of one deployment.
 *
 * <p>A released label stays out of use for a quarantine period, so packets still addressed to it cannot reach
 * a new VM. Pure: whether a label is free is a function of the labels held, the release times recorded, and now;
 * the store's guard keys (one per label, kept with the release time while quarantined) keep two concurrent
 * binds from taking one label.
 */
public final class MplsLabels {
    private final Duration quarantine;

    /** @param quarantine how long a released label is kept from reuse */
    public MplsLabels(Duration quarantine) {
        if (quarantine.isNegative()) {
            throw new IllegalArgumentException("label quarantine " + quarantine + " is negative");
        }
        this.quarantine = quarantine;
    }

    /**
     * The binding a port of {@code network} gets: no label unless the network is MPLS and the port bound; the
     * label it holds while it stays on the same host; a new one when it binds or moves to another host (its old
     * one goes into quarantine, so packets in flight to the old host are not taken for the new place).
     *
     * @param held     every label held by a port now (the old binding's among them)
     * @param released release time of each label released and not reused since
     * @throws NoLabelAvailable when every label is held or quarantined
     */
    public PortBinding bind(Network network, PortBinding old, PortBinding requested, Set<Integer> held,
                            Map<Integer, Instant> released, Instant now) {
        if (network.type() != NetworkType.MPLS || !requested.isBound()) {
            return requested.withMplsLabel(null);
        }
        if (old.mplsLabel() != null && old.hostId().equals(requested.hostId())) {
            return requested.withMplsLabel(old.mplsLabel());
        }
        return requested.withMplsLabel(allocate(held, released, now));
    }

    /**
     * {@code binding} with an inactive binding added on {@code host}, a live migration's destination: on an MPLS
     * network it takes a label of its own, so the destination's flows can be readied before the move.
     *
     * @param held every label held now; {@code binding}'s own count as held whether or not they are among them
     */
    public PortBinding ready(Network network, PortBinding binding, String host, Map<String, String> profile,
                             Set<Integer> held, Map<Integer, Instant> released, Instant now) {
        Integer label = null;
        if (network != null && network.type() == NetworkType.MPLS) {
            Set<Integer> taken = new HashSet<>(held);
            binding.labels().forEach(taken::add);
            label = allocate(taken, released, now);
        }
        List<PortBinding> inactive = new ArrayList<>(binding.inactive());
        inactive.add(new PortBinding(host, profile, label));
        return binding.withInactive(inactive);
    }

    /** The lowest label neither held nor in quarantine. */
    public int allocate(Set<Integer> held, Map<Integer, Instant> released, Instant now) {
        for (int label = PortBinding.MIN_MPLS_LABEL; label <= PortBinding.MAX_MPLS_LABEL; label++) {
            if (!held.contains(label) && !isQuarantined(released.get(label), now)) {
                return label;
            }
        }
        throw new NoLabelAvailable();
    }

    /** @param releasedAt when the label was released, null if it never was (or has been reused since) */
    public boolean isQuarantined(Instant releasedAt, Instant now) {
        return releasedAt != null && now.isBefore(releasedAt.plus(quarantine));
    }
}
