package io.sluice.models.ipam;

import io.sluice.models.tenant.ValidationException;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses a VXLAN network's VNI as ML2's VXLAN type driver does. Pure: the caller passes the VNIs in use and
 * records the answer.
 */
public final class SegmentAllocator {
    private final SegmentRange tenantRange;

    /** @param tenantRange the VNIs handed to networks created without provider attributes */
    public SegmentAllocator(SegmentRange tenantRange) {
        this.tenantRange = Objects.requireNonNull(tenantRange, "tenantRange");
    }

    /**
     * The lowest free VNI of the tenant range. The scan steps only over VNIs in use, so it visits at most
     * {@code |inUse| + 1} of them.
     *
     * @throws NoNetworkAvailable when the whole range is in use
     */
    public int allocate(Set<Integer> inUse) {
        for (int vni = tenantRange.first(); vni <= tenantRange.last(); vni++) {
            if (!inUse.contains(vni)) {
                return vni;
            }
        }
        throw new NoNetworkAvailable();
    }

    /**
     * A VNI an admin asked for with provider:segmentation_id. As in ML2 it may lie outside the tenant range: the
     * range only bounds what is handed out unasked.
     *
     * @throws ValidationException naming provider:segmentation_id when it is no VXLAN VNI
     * @throws TunnelIdInUse       when another network has it
     */
    public int reserve(int requested, Set<Integer> inUse) {
        if (!SegmentRange.VXLAN.contains(requested)) {
            throw new ValidationException("provider:segmentation_id", requested + " is not a VXLAN VNI (1..16777215)");
        }
        if (inUse.contains(requested)) {
            throw new TunnelIdInUse(requested);
        }
        return requested;
    }
}
