package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/**
 * Every VNI of the tenant range is taken: neutron_lib.exceptions.NoNetworkAvailable, a ResourceExhausted, 503.
 */
public final class NoNetworkAvailable extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public NoNetworkAvailable() {
        super("NoNetworkAvailable", 503, "Unable to create the network. No tenant network is available for "
                + "allocation.");
    }
}
