package io.sluice.controller.dhcp;

import static org.onlab.packet.DHCP.MsgType.DHCPACK;
import static org.onlab.packet.DHCP.MsgType.DHCPNAK;
import static org.onlab.packet.DHCP.MsgType.DHCPOFFER;

import io.sluice.controller.dhcp.DhcpReply.Option;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.onlab.packet.DHCP.MsgType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server's decisions (RFC 2131), as a pure function from a client's frame and the port's lease to
 * the reply frame. The server is authoritative for its ports: each port has exactly one address, so a
 * request for any other is refused, and there is no lease state to keep — the model is the lease database.
 */
public final class DhcpResponder {
    private static final Logger log = LoggerFactory.getLogger(DhcpResponder.class);
    private static final IPv4Address LIMITED_BROADCAST = IPv4Address.of(0xFFFFFFFF);

    private DhcpResponder() {
    }

    /**
     * The reply to a frame a port sent, if it deserves one.
     *
     * @param frame  the Ethernet frame as received from the port
     * @param leases the port's lease for a client MAC; empty for a MAC the port may not use, or when the
     *               port's subnet has DHCP off
     * @return the reply frame, or empty for anything that gets no answer (including malformed frames); never
     *         throws, except what {@code leases} throws
     */
    public static Optional<byte[]> respond(byte[] frame, Function<MacAddress, Optional<DhcpLease>> leases) {
        return DhcpCodec.parse(frame)
                .flatMap(request -> leases.apply(request.clientMac())
                        .filter(lease -> lease.clientMac().equals(request.clientMac()))
                        .flatMap(lease -> decide(request, lease)))
                .map(DhcpCodec::encode);
    }

    static Optional<DhcpReply> decide(DhcpRequest request, DhcpLease lease) {
        return switch (request.type()) {
            case DHCPDISCOVER -> Optional.of(answer(DHCPOFFER, request, lease, lease.ip(),
                    ReplyOptions.configuration(DHCPOFFER, lease, true, request.clientId())));
            case DHCPREQUEST -> answerRequest(request, lease);
            case DHCPINFORM -> answerInform(request, lease);
            case DHCPDECLINE -> {
                // The client found its address in use: someone on the network holds an address the model
                // gave this port. Offering it again would loop; the operator must look.
                log.warn("client {} declined {}: the address is in use by another host on its network",
                        request.clientMac(), request.requestedIp().orElse(lease.ip()));
                yield Optional.empty();
            }
            case DHCPRELEASE -> {
                // The address stays the port's in the model, so there is nothing to free.
                log.debug("client {} released {}", request.clientMac(), request.ciaddr());
                yield Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    /** RFC 2131 4.3.2: what the request claims depends on the client's state, told by its fields. */
    private static Optional<DhcpReply> answerRequest(DhcpRequest request, DhcpLease lease) {
        Optional<IPv4Address> claimed;
        if (request.serverId().isPresent()) {
            // SELECTING: an answer to some server's offer; another server's is none of ours, not even a NAK.
            if (!request.serverId().get().equals(lease.serverIp())) {
                return Optional.empty();
            }
            claimed = request.requestedIp();
        } else if (!request.ciaddr().isUnspecified()) {
            claimed = Optional.of(request.ciaddr()); // RENEWING or REBINDING
        } else {
            claimed = request.requestedIp(); // INIT-REBOOT
        }
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        if (claimed.get().equals(lease.ip())) {
            return Optional.of(answer(DHCPACK, request, lease, lease.ip(),
                    ReplyOptions.configuration(DHCPACK, lease, true, request.clientId())));
        }
        return Optional.of(answer(DHCPNAK, request, lease, IPv4Address.NONE,
                ReplyOptions.nak(lease, request.clientId())));
    }

    /**
     * RFC 2131 4.3.5: a client configured by other means asks only for parameters. It is answered when it
     * uses the port's own address (any other would not pass port security anyway); never NAKed.
     */
    private static Optional<DhcpReply> answerInform(DhcpRequest request, DhcpLease lease) {
        if (!request.ciaddr().equals(lease.ip())) {
            return Optional.empty();
        }
        return Optional.of(answer(DHCPACK, request, lease, IPv4Address.NONE,
                ReplyOptions.configuration(DHCPACK, lease, false, request.clientId())));
    }

    /**
     * Addressing per RFC 2131 4.1 (no relay): NAKs are broadcast; a client with an address (ciaddr) gets
     * unicast there; one without gets broadcast if it set the BROADCAST flag, else unicast to its MAC and
     * the new address, which it accepts before configuring it.
     */
    private static DhcpReply answer(MsgType type, DhcpRequest request, DhcpLease lease, IPv4Address yiaddr,
                                    List<Option> options) {
        boolean hasAddress = !request.ciaddr().isUnspecified();
        boolean broadcast = type == DHCPNAK || (!hasAddress && request.wantsBroadcast());
        IPv4Address ipDst = broadcast ? LIMITED_BROADCAST : hasAddress ? request.ciaddr() : yiaddr;
        MacAddress ethDst = broadcast ? MacAddress.BROADCAST : request.clientMac();
        IPv4Address ciaddr = type == DHCPACK ? request.ciaddr() : IPv4Address.NONE;
        return new DhcpReply(ethDst, ipDst, lease.serverMac(), lease.serverIp(), request.xid(), request.flags(),
                ciaddr, yiaddr, request.clientMac(), options);
    }
}
