package io.sluice.controller.dhcp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * What the DHCP server knows for one port: the address the model gave it and its subnet's settings. Built
 * by the caller from the model; a port whose subnet has DHCP off has no lease.
 *
 * @param clientMac    the port's MAC: only this client gets the lease
 * @param ip           the port's fixed IP
 * @param prefixLength the subnet's prefix length (option 1)
 * @param gateway      the subnet's router (option 3), if it has one
 * @param dnsServers   name servers (option 6), in order of preference
 * @param hostRoutes   the subnet's host routes (option 121)
 * @param mtu          the network's MTU (option 26), so VMs on overlay networks fit their tunnels
 * @param leaseTime    lease time (option 51); renewal and rebinding times follow RFC 2131's defaults
 * @param serverIp     the virtual server's address (option 54 and the replies' source), Neutron's DHCP port
 * @param serverMac    the virtual server's MAC, the replies' Ethernet source
 * @param domainName   the DNS domain (option 15), if configured
 */
public record DhcpLease(MacAddress clientMac, IPv4Address ip, int prefixLength, Optional<IPv4Address> gateway,
                        List<IPv4Address> dnsServers, List<ClasslessRoute> hostRoutes, int mtu,
                        Duration leaseTime, IPv4Address serverIp, MacAddress serverMac,
                        Optional<String> domainName) {
    /** RFC 2132 option data is at most 255 bytes; Sluice does not split long options (RFC 3396). */
    private static final int MAX_OPTION_BYTES = 255;
    /** RFC 2132 9.2: lease times are 32-bit seconds, all ones meaning infinite (not offered). */
    private static final long MAX_LEASE_SECONDS = 0xFFFF_FFFEL;
    /** RFC 2132 5.1: the smallest MTU a client may be told. */
    private static final int MIN_MTU = 68;

    public DhcpLease {
        Objects.requireNonNull(clientMac, "clientMac");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(serverIp, "serverIp");
        Objects.requireNonNull(serverMac, "serverMac");
        Objects.requireNonNull(domainName, "domainName");
        dnsServers = List.copyOf(dnsServers);
        hostRoutes = List.copyOf(hostRoutes);
        if (clientMac.isBroadcast() || clientMac.isMulticast() || clientMac.equals(MacAddress.NONE)) {
            throw new IllegalArgumentException("client MAC " + clientMac + " is not a unicast address");
        }
        if (prefixLength < 1 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 1..32");
        }
        if (ip.isUnspecified() || ip.isBroadcast() || ip.equals(serverIp)
                || gateway.map(ip::equals).orElse(false)) {
            throw new IllegalArgumentException("lease address " + ip + " is unusable or taken by the server "
                    + "or gateway");
        }
        if (mtu < MIN_MTU || mtu > 0xFFFF) {
            throw new IllegalArgumentException("MTU " + mtu + " is not " + MIN_MTU + "..65535");
        }
        if (leaseTime.toSeconds() < 1 || leaseTime.toSeconds() > MAX_LEASE_SECONDS) {
            throw new IllegalArgumentException("lease time " + leaseTime + " is not 1 s..2^32-2 s");
        }
        if (4 * dnsServers.size() > MAX_OPTION_BYTES) {
            throw new IllegalArgumentException(dnsServers.size() + " DNS servers do not fit option 6");
        }
        if (ReplyOptions.classlessRoutes(hostRoutes, gateway).length > MAX_OPTION_BYTES) {
            throw new IllegalArgumentException(hostRoutes.size() + " host routes do not fit option 121");
        }
        domainName.ifPresent(DhcpLease::checkDomain);
    }

    /** The subnet mask, option 1. */
    public IPv4Address subnetMask() {
        return IPv4Address.ofCidrMaskLength(prefixLength);
    }

    private static void checkDomain(String domain) {
        if (domain.isEmpty() || domain.length() > MAX_OPTION_BYTES
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(domain)) {
            throw new IllegalArgumentException("domain name '" + domain + "' is not 1..255 ASCII characters");
        }
    }
}
