package io.sluice.controller.dhcp;

import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_ClientID;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_DHCPServerIp;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_END;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_MessageType;
import static org.onlab.packet.DHCP.DHCPOptionCode.OptionCode_RequestedIP;

import io.sluice.controller.dhcp.DhcpReply.Option;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.onlab.packet.DHCP;
import org.onlab.packet.DHCP.DHCPOptionCode;
import org.onlab.packet.DHCP.MsgType;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.UDP;
import org.onlab.packet.dhcp.DhcpOption;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * Frames in and out, through ONOS's packet classes, which compute the IPv4 and UDP checksums. The only
 * class that sees those (mutable) classes: the rest of the server works on {@link DhcpRequest} and
 * {@link DhcpReply}. Reading is strict, because a frame that is not a well-formed client message must get
 * no answer. Received checksums are not verified: frames come from a local VM through OVS, with no wire in
 * between to corrupt them, and a VM sending bad ones on purpose would gain nothing it cannot ask for properly.
 */
final class DhcpCodec {
    static final int SERVER_PORT = 67;
    static final int CLIENT_PORT = 68;
    private static final int ETHERNET_HEADER = 14;
    private static final int UDP_HEADER = 8;
    private static final int MIN_IPV4_HEADER = 20;
    /** The BOOTP header before the magic cookie (RFC 2131 figure 1). */
    private static final int BOOTP_HEADER = 236;
    private static final int MAGIC_COOKIE = 0x63825363;
    private static final int MAC_LENGTH = 6;
    private static final int MORE_FRAGMENTS = 0x1;
    private static final byte TTL = 64;

    private DhcpCodec() {
    }

    /**
     * Whether a frame is an untagged IPv4 UDP datagram to the DHCP server port, from its headers alone:
     * cheap enough to run before the rate limiter on every packet-in.
     */
    static boolean isToServerPort(byte[] frame) {
        if (frame.length < ETHERNET_HEADER + MIN_IPV4_HEADER + UDP_HEADER) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        int udp = ETHERNET_HEADER + (frame[ETHERNET_HEADER] & 0x0F) * 4;
        return buffer.getShort(12) == Ethernet.TYPE_IPV4 && frame[ETHERNET_HEADER + 9] == IPv4.PROTOCOL_UDP
                && udp + UDP_HEADER <= frame.length && (buffer.getShort(udp + 2) & 0xFFFF) == SERVER_PORT;
    }

    /** The client message in a frame, or empty for anything else, malformed or not meant for a server. */
    static Optional<DhcpRequest> parse(byte[] frame) {
        try {
            return read(frame);
        } catch (DeserializationException | RuntimeException e) {
            // ONOS's parsers throw DeserializationException on truncation and runtime exceptions on some
            // nonsense (a hardware address length over 16): either way the frame is not a client message.
            return Optional.empty();
        }
    }

    private static Optional<DhcpRequest> read(byte[] frame) throws DeserializationException {
        Ethernet eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
        // A VM port sends untagged frames; a tagged one would need a tagged reply, which Sluice never sends.
        if (eth.getVlanID() != Ethernet.VLAN_UNTAGGED || eth.getQinQVID() != Ethernet.VLAN_UNTAGGED
                || !(eth.getPayload() instanceof IPv4 ip) || isFragment(ip) || isTruncated(frame, ip)
                || !(ip.getPayload() instanceof UDP udp)
                || udp.getSourcePort() != CLIENT_PORT || udp.getDestinationPort() != SERVER_PORT
                || !(udp.getPayload() instanceof DHCP dhcp) || !hasMagicCookie(frame, ip)) {
            return Optional.empty();
        }
        MacAddress source = MacAddress.of(eth.getSourceMACAddress());
        // Relayed requests (giaddr set) never come from a VM port; chaddr must be the sender, so one port
        // cannot obtain the lease of another MAC.
        if (dhcp.getOpCode() != DHCP.OPCODE_REQUEST || dhcp.getHardwareType() != DHCP.HWTYPE_ETHERNET
                || dhcp.getHardwareAddressLength() != MAC_LENGTH || dhcp.getGatewayIPAddress() != 0
                || !source.equals(MacAddress.of(dhcp.getClientHardwareAddress()))) {
            return Optional.empty();
        }
        Optional<MsgType> type = option(dhcp, OptionCode_MessageType).filter(data -> data.length == 1)
                .map(data -> MsgType.getType(data[0] & 0xFF));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DhcpRequest(type.get(), dhcp.getTransactionId(), dhcp.getFlags(),
                IPv4Address.of(dhcp.getClientIPAddress()), source, address(dhcp, OptionCode_RequestedIP),
                address(dhcp, OptionCode_DHCPServerIp), option(dhcp, OptionCode_ClientID)));
    }

    /** The reply as an Ethernet frame, with the IPv4 header and UDP checksums computed. */
    static byte[] encode(DhcpReply reply) {
        List<DhcpOption> options = new ArrayList<>();
        for (Option option : reply.options()) {
            options.add(new DhcpOption().setCode(option.code().getValue()).setLength((byte) option.data().length)
                    .setData(option.data()));
        }
        options.add(new DhcpOption().setCode(OptionCode_END.getValue()));
        DHCP dhcp = new DHCP().setOpCode(DHCP.OPCODE_REPLY).setHardwareType(DHCP.HWTYPE_ETHERNET)
                .setHardwareAddressLength((byte) MAC_LENGTH).setTransactionId(reply.xid()).setFlags(reply.flags())
                .setClientIPAddress(reply.ciaddr().getInt()).setYourIPAddress(reply.yiaddr().getInt())
                .setClientHardwareAddress(reply.clientMac().getBytes()).setOptions(options);
        UDP udp = new UDP().setSourcePort(SERVER_PORT).setDestinationPort(CLIENT_PORT);
        udp.setPayload(dhcp);
        IPv4 ip = new IPv4().setSourceAddress(reply.serverIp().getInt())
                .setDestinationAddress(reply.ipDst().getInt()).setProtocol(IPv4.PROTOCOL_UDP).setTtl(TTL);
        ip.setPayload(udp);
        Ethernet eth = new Ethernet().setSourceMACAddress(reply.serverMac().getBytes())
                .setDestinationMACAddress(reply.ethDst().getBytes()).setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        return eth.serialize();
    }

    /** ONOS's parser reads whatever bytes there are; a datagram longer than its frame was cut short. */
    private static boolean isTruncated(byte[] frame, IPv4 ip) {
        return ETHERNET_HEADER + (ip.getTotalLength() & 0xFFFF) > frame.length;
    }

    private static boolean isFragment(IPv4 ip) {
        return (ip.getFlags() & MORE_FRAGMENTS) != 0 || ip.getFragmentOffset() != 0;
    }

    /** ONOS's DHCP parser skips the cookie unread; without it the message is BOOTP or garbage. */
    private static boolean hasMagicCookie(byte[] frame, IPv4 ip) {
        int cookie = ETHERNET_HEADER + ip.getHeaderLength() * 4 + UDP_HEADER + BOOTP_HEADER;
        return cookie + 4 <= frame.length && ByteBuffer.wrap(frame).getInt(cookie) == MAGIC_COOKIE;
    }

    /** The first occurrence of an option; repeated options (RFC 3396 concatenation) are not used by clients here. */
    private static Optional<byte[]> option(DHCP dhcp, DHCPOptionCode code) {
        return Optional.ofNullable(dhcp.getOption(code)).map(DhcpOption::getData);
    }

    private static Optional<IPv4Address> address(DHCP dhcp, DHCPOptionCode code) {
        return option(dhcp, code).filter(data -> data.length == 4).map(IPv4Address::of);
    }
}
