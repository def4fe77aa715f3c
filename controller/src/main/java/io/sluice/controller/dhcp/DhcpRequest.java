package io.sluice.controller.dhcp;

import java.util.Optional;
import org.onlab.packet.DHCP.MsgType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * The parts of a client's message the server acts on, read from a frame that passed every check.
 *
 * @param clientMac   chaddr, which is also the frame's Ethernet source
 * @param flags       the BOOTP flags, echoed in the reply
 * @param ciaddr      the client's current address, 0.0.0.0 while it has none
 * @param requestedIp option 50
 * @param serverId    option 54: present only when the client is selecting among offers
 * @param clientId    option 61, echoed in the reply (RFC 6842)
 */
record DhcpRequest(MsgType type, int xid, short flags, IPv4Address ciaddr, MacAddress clientMac,
                   Optional<IPv4Address> requestedIp, Optional<IPv4Address> serverId, Optional<byte[]> clientId) {
    private static final int BROADCAST_FLAG = 0x8000;

    /** The client cannot receive unicast before it has an address (RFC 2131 4.1). */
    boolean wantsBroadcast() {
        return (flags & BROADCAST_FLAG) != 0;
    }
}
