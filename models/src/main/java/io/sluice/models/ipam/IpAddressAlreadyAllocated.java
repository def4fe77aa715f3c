package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/** A requested fixed IP is held by another port: neutron.ipam.exceptions.IpAddressAlreadyAllocated, 409. */
public final class IpAddressAlreadyAllocated extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public IpAddressAlreadyAllocated(String ip, String subnetId) {
        super("IpAddressAlreadyAllocated", 409, "IP address " + ip + " already allocated in subnet " + subnetId);
    }
}
