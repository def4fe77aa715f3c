package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/** A request that breaks a rule spanning several resources: neutron_lib.exceptions.InvalidInput, 400. */
public final class InvalidInput extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public InvalidInput(String errorMessage) {
        super("InvalidInput", 400, "Invalid input for operation: " + errorMessage + ".");
    }
}
