package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/**
 * A requested provider:segmentation_id (VNI) belongs to another network: neutron_lib.exceptions.TunnelIdInUse,
 * an InUse, 409.
 */
public final class TunnelIdInUse extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public TunnelIdInUse(int vni) {
        super("TunnelIdInUse", 409, "Unable to create the network. The tunnel ID " + vni + " is in use.");
    }
}
