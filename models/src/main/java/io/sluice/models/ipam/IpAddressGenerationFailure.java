package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/** Every pool address is in use: neutron_lib.exceptions.IpAddressGenerationFailure, 409. */
public final class IpAddressGenerationFailure extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public IpAddressGenerationFailure(String networkId) {
        super("IpAddressGenerationFailure", 409, "No more IP addresses available on network " + networkId + ".");
    }
}
