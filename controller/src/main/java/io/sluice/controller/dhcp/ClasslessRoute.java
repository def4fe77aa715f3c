package io.sluice.controller.dhcp;

import java.util.Objects;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;

/**
 * One route of DHCP option 121 (RFC 3442): a subnet's host route as the client receives it.
 *
 * @param destination the destination network (OpenFlowJ clears host bits, as RFC 3442 sends only the prefix)
 * @param nextHop     the router to send through
 */
public record ClasslessRoute(IPv4AddressWithMask destination, IPv4Address nextHop) {
    public ClasslessRoute {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(nextHop, "nextHop");
        if (!destination.getMask().isCidrMask()) {
            throw new IllegalArgumentException("route destination " + destination + " is not a CIDR prefix");
        }
    }

    public static ClasslessRoute of(String destinationCidr, String nextHop) {
        return new ClasslessRoute(IPv4AddressWithMask.of(destinationCidr), IPv4Address.of(nextHop));
    }

    public int prefixLength() {
        return destination.getMask().asCidrMaskLength();
    }

    public boolean isDefault() {
        return prefixLength() == 0;
    }

    /** The destination's octets option 121 carries: only those the prefix covers. */
    int significantOctets() {
        return (prefixLength() + 7) / 8;
    }

    /** Bytes in option 121: the prefix length, the significant octets, the router. */
    int encodedLength() {
        return 1 + significantOctets() + 4;
    }
}
