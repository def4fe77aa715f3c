package io.sluice.controller.dhcp;

import io.sluice.controller.openflow.SwitchListener;
import io.sluice.controller.openflow.SwitchSession;
import io.sluice.controller.ratelimit.RateLimit;
import io.sluice.controller.ratelimit.TokenBucket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server on the OpenFlow channel: a DHCP packet punted by a switch is answered with a PACKET_OUT
 * to the port it came from. Runs on the switch's channel thread: the responder is a few microseconds of
 * parsing and encoding and the lease lookup reads a snapshot, so nothing here blocks. Each port has its
 * own token bucket, so a VM flooding requests is answered no faster than its limit and others are not
 * starved.
 */
public final class DhcpService implements SwitchListener {
    private static final Logger log = LoggerFactory.getLogger(DhcpService.class);
    /** max_len of an output action matters only towards the controller. */
    private static final int MAX_LEN_UNUSED = 0;
    /**
     * How many DHCP packets one port may have answered by default. A client needs two to four packets per
     * lease, so this leaves ample room for retries while a VM flooding requests costs the controller only
     * what the bucket lets through.
     */
    public static final RateLimit PER_PORT_LIMIT = new RateLimit(10, 20);

    private final LeaseSource leases;
    private final RateLimit limit;
    private final LongSupplier nanoClock;
    private final Map<PortKey, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();

    private record PortKey(DatapathId dpid, OFPort port) {
    }

    public DhcpService(LeaseSource leases, RateLimit limit) {
        this(leases, limit, System::nanoTime);
    }

    DhcpService(LeaseSource leases, RateLimit limit, LongSupplier nanoClock) {
        this.leases = leases;
        this.limit = limit;
        this.nanoClock = nanoClock;
    }

    /** Replies sent since start. */
    public long replies() {
        return replies.get();
    }

    /** DHCP packets dropped by the per-port rate limit since start. */
    public long rateLimited() {
        return rateLimited.get();
    }

    @Override
    public void packetIn(SwitchSession session, OFPacketIn packetIn) {
        byte[] frame = packetIn.getData();
        OFPort inPort = packetIn.getMatch().get(MatchField.IN_PORT);
        if (inPort == null || !DhcpCodec.isToServerPort(frame)) {
            return; // another service's packet
        }
        DatapathId dpid = session.dpid();
        if (!buckets.computeIfAbsent(new PortKey(dpid, inPort), key -> new TokenBucket(limit, nanoClock)).tryTake()) {
            log.debug("DHCP packet from {} port {} is over the port's rate limit: dropped ({} so far)", dpid,
                    inPort, rateLimited.incrementAndGet());
            return;
        }
        Optional<byte[]> reply;
        try {
            reply = DhcpResponder.respond(frame, mac -> leases.leaseFor(dpid, inPort, mac));
        } catch (RuntimeException e) {
            // Only the lease lookup can throw; letting it reach the channel would close the switch's connection.
            log.warn("DHCP packet from {} port {} unanswered: lease lookup failed", dpid, inPort, e);
            return;
        }
        reply.ifPresent(bytes -> {
            session.send(packetOut(session, inPort, bytes));
            replies.incrementAndGet();
        });
    }

    @Override
    public void portChanged(SwitchSession session, OFPortStatus status) {
        if (status.getReason() == OFPortReason.DELETE) {
            buckets.remove(new PortKey(session.dpid(), status.getDesc().getPortNo()));
        }
    }

    /** Forgets the switch's buckets; if it has already reconnected they refill, which only forgives a burst. */
    @Override
    public void switchDisconnected(SwitchSession session) {
        buckets.keySet().removeIf(key -> key.dpid().equals(session.dpid()));
    }

    private static OFPacketOut packetOut(SwitchSession session, OFPort port, byte[] frame) {
        return session.factory().buildPacketOut().setXid(session.nextXid()).setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER)
                .setActions(List.of(session.factory().actions().output(port, MAX_LEN_UNUSED)))
                .setData(frame).build();
    }
}
