package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/** A VLAN id of a physical network belongs to another network: neutron_lib.exceptions.VlanIdInUse, 409. */
public final class VlanIdInUse extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public VlanIdInUse(int vlan, String physicalNetwork) {
        super("VlanIdInUse", 409, "Unable to create the network. The VLAN " + vlan + " on physical network "
                + physicalNetwork + " is in use.");
    }
}
