package io.sluice.models.ipam;

import io.sluice.models.tenant.ValidationException;

/** VXLAN VNIs from first to last, both included: e.g. an operator's tenant range 1000-1999. */
public record SegmentRange(int first, int last) {
    /** Every VNI VXLAN can carry: 24 bits, 0 excluded as Neutron does. */
    public static final SegmentRange VXLAN = new SegmentRange(1, 0xFFFFFF);

    public SegmentRange {
        if (first < 1 || last > 0xFFFFFF || first > last) {
            throw new ValidationException("vni_ranges", first + ":" + last + " is not a range within 1:16777215");
        }
    }

    public boolean contains(int vni) {
        return first <= vni && vni <= last;
    }
}
