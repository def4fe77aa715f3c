package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/** Every MPLS label is held or quarantined: a resource exhausted, 503 as Neutron's NoNetworkAvailable. */
public final class NoLabelAvailable extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public NoLabelAvailable() {
        super("MplsLabelExhausted", 503, "Unable to bind the port. No MPLS label is available for allocation.");
    }
}
