package io.sluice.controller.dhcp;

import static org.onlab.packet.DHCP.DHCPOptionCode.OPtionCode_RebindingTime;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_Classless_Static_Route;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_ClientID;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_DHCPServerIp;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_DomainName;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_DomainServer;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_LeaseTime;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_MTU;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_MessageType;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_RenewalTime;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_RouterAddress;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_SubnetMask;

import io.sluice.controller.dhcp.DhcpReply.Option;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.onlab.packet.DHCP.DHCPOptionCode;
import org.onlab.packet.DHCP.MsgType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;

/**
 * The options of each reply, from the lease. Every option the lease has is sent whether or not the client
 * asked for it (RFC 2131 allows it), so clients that do not request the MTU or routes still get them.
 */
final class ReplyOptions {
    private static final IPv4AddressWithMask ANYWHERE = IPv4AddressWithMask.of(IPv4Address.NONE, IPv4Address.NONE);

    private ReplyOptions() {
    }

    /** An OFFER's or ACK's options; an ACK to an INFORM leaves out the lease times (RFC 2131 4.3.5). */
    static List<Option> configuration(MsgType type, DhcpLease lease, boolean withLeaseTimes,
                                      Optional<byte[]> clientId) {
        List<Option> options = new ArrayList<>();
        options.add(new Option(OptionCode_MessageType, new byte[] {(byte) type.getValue()}));
        options.add(new Option(OptionCode_DHCPServerIp, lease.serverIp().getBytes()));
        if (withLeaseTimes) {
            long seconds = lease.leaseTime().toSeconds();
            options.add(seconds(OptionCode_LeaseTime, seconds));
            // T1 and T2 at RFC 2131 4.4.5's defaults: 1/2 and 7/8 of the lease
            options.add(seconds(OptionCode_RenewalTime, seconds / 2));
            options.add(seconds(OPtionCode_RebindingTime, seconds * 7 / 8));
        }
        options.add(new Option(OptionCode_SubnetMask, lease.subnetMask().getBytes()));
        lease.gateway().ifPresent(gateway -> options.add(new Option(OptionCode_RouterAddress, gateway.getBytes())));
        if (!lease.dnsServers().isEmpty()) {
            ByteBuffer servers = ByteBuffer.allocate(4 * lease.dnsServers().size());
            lease.dnsServers().forEach(server -> servers.put(server.getBytes()));
            options.add(new Option(OptionCode_DomainServer, servers.array()));
        }
        lease.domainName().ifPresent(domain ->
                options.add(new Option(OptionCode_DomainName, domain.getBytes(StandardCharsets.US_ASCII))));
        options.add(new Option(OptionCode_MTU, ByteBuffer.allocate(2).putShort((short) lease.mtu()).array()));
        if (!lease.hostRoutes().isEmpty()) {
            options.add(new Option(OptionCode_Classless_Static_Route,
                    classlessRoutes(lease.hostRoutes(), lease.gateway())));
        }
        clientId.ifPresent(id -> options.add(new Option(OptionCode_ClientID, id)));
        return options;
    }

    /** A NAK carries only its type and the server's identity (RFC 2131 table 3). */
    static List<Option> nak(DhcpLease lease, Optional<byte[]> clientId) {
        List<Option> options = new ArrayList<>();
        options.add(new Option(OptionCode_MessageType, new byte[] {(byte) MsgType.DHCPNAK.getValue()}));
        options.add(new Option(OptionCode_DHCPServerIp, lease.serverIp().getBytes()));
        clientId.ifPresent(id -> options.add(new Option(OptionCode_ClientID, id)));
        return options;
    }

    /**
     * Option 121's data (RFC 3442): per route its prefix length, the destination's significant octets, the
     * router. A client that receives option 121 ignores option 3, so the default route through the gateway
     * is added unless the host routes already have one. Empty when there are no host routes.
     */
    static byte[] classlessRoutes(List<ClasslessRoute> hostRoutes, Optional<IPv4Address> gateway) {
        List<ClasslessRoute> routes = new ArrayList<>(hostRoutes);
        if (!hostRoutes.isEmpty() && gateway.isPresent() && hostRoutes.stream().noneMatch(ClasslessRoute::isDefault)) {
            routes.add(new ClasslessRoute(ANYWHERE, gateway.get()));
        }
        ByteBuffer data = ByteBuffer.allocate(routes.stream().mapToInt(ClasslessRoute::encodedLength).sum());
        for (ClasslessRoute route : routes) {
            data.put((byte) route.prefixLength());
            data.put(route.destination().getValue().getBytes(), 0, route.significantOctets());
            data.put(route.nextHop().getBytes());
        }
        return data.array();
    }

    private static Option seconds(DHCPOptionCode code, long seconds) {
        return new Option(code, ByteBuffer.allocate(4).putInt((int) seconds).array());
    }
}
