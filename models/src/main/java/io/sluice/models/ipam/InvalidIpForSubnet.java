package io.sluice.models.ipam;

import io.sluice.models.tenant.NeutronFault;

/**
 * A requested fixed IP is not a host address of its subnet (outside the CIDR, or its network or broadcast
 * address): neutron_lib.exceptions.InvalidIpForSubnet, 400.
 */
public final class InvalidIpForSubnet extends NeutronFault {
    private static final long serialVersionUID = 1L;

    public InvalidIpForSubnet(String ip) {
        super("InvalidIpForSubnet", 400, "IP address " + ip + " is not a valid IP for the specified subnet.");
    }
}
