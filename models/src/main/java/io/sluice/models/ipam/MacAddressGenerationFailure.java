package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/**
 * Every random MAC tried was taken: Neutron's MacAddressGenerationFailure (neutron-lib now names it
 * NetworkMacAddressGenerationFailure), a ServiceUnavailable, 503.
 */
public final class MacAddressGenerationFailure extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public MacAddressGenerationFailure(String networkId) {
        super("MacAddressGenerationFailure", 503, "Unable to generate unique mac on network " + networkId + ".");
    }
}
