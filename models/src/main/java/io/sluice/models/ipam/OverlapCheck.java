package io.sluice.models.ipam;

import inet.ipaddr.IPAddress;
import io.sluice.models.tenant.Subnet;
import java.util.Collection;

/**
 * Neutron's rule for subnet CIDRs: the subnets of one network must not overlap, since a port's address must name
 * one subnet; across networks (and projects) they may, each network being its own L2 domain (Neutron's default
 * allow_overlapping_ips = True).
 */
public final class OverlapCheck {
    private OverlapCheck() {
    }

    /**
     * @param candidate a new or updated subnet
     * @param subnets   existing subnets, of any networks; the candidate's own earlier version is skipped
     * @throws InvalidInput when the candidate overlaps another subnet of its network
     */
    public static void requireNoOverlap(Subnet candidate, Collection<Subnet> subnets) {
        IPAddress cidr = Addresses.parse(candidate.cidr());
        for (Subnet other : subnets) {
            if (other.networkId().equals(candidate.networkId()) && !other.id().equals(candidate.id())
                    && cidr.overlaps(Addresses.parse(other.cidr()))) {
                // Like Neutron, the message does not name the other subnet: it may belong to another project.
                throw new InvalidInput("Requested subnet with cidr: " + candidate.cidr() + " for network: "
                        + candidate.networkId() + " overlaps with another subnet");
            }
        }
    }
}
