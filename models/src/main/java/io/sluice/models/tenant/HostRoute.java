package io.sluice.models.tenant;

/** A static route a subnet's DHCP hands to its ports (RFC 3442). */
public record HostRoute(String destination, String nexthop) {
    public HostRoute {
        destination = Check.ipv4Cidr("host_routes.destination", destination);
        nexthop = Check.ipv4("host_routes.nexthop", nexthop);
    }
}
