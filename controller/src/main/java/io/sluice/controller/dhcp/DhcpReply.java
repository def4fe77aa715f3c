package io.sluice.controller.dhcp;

import java.util.List;
import org.onlab.packet.DHCP.DHCPOptionCode;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * A reply the server decided to send, with its addressing; {@link DhcpCodec} turns it into a frame.
 *
 * @param ethDst  the client's MAC, or broadcast
 * @param ipDst   the client's address, or 255.255.255.255
 * @param options in the order they go on the wire, without the END option
 */
record DhcpReply(MacAddress ethDst, IPv4Address ipDst, MacAddress serverMac, IPv4Address serverIp,
                 int xid, short flags, IPv4Address ciaddr, IPv4Address yiaddr, MacAddress clientMac,
                 List<Option> options) {
    DhcpReply {
        options = List.copyOf(options);
    }

    /** One option's code and data, at most 255 bytes. */
    record Option(DHCPOptionCode code, byte[] data) {
    }
}
