package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/** A physical network already has its flat network: neutron_lib.exceptions.FlatNetworkInUse, an InUse, 409. */
public final class FlatNetworkInUse extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public FlatNetworkInUse(String physicalNetwork) {
        super("FlatNetworkInUse", 409, "Unable to create the flat network. Physical network " + physicalNetwork
                + " is in use.");
    }
}
