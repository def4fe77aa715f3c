package io.sluice.controller.compile.vxlan;

import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.U64;

/**
 * How the OpenFlow metadata field carries a packet's network from CLASSIFY onward:
 * <pre>
 *  63           25   24   23                 0
 * +---------------+------+--------------------+
 * |    unused     | TUN  |  network: the VNI  |
 * +---------------+------+--------------------+
 * </pre>
 * The VNI is the network's id on every switch (VNIs are unique per VXLAN network). TUN is set when the packet
 * came in through a tunnel: it was checked by port security and ARP/DHCP on the sending host, and must never
 * be sent back into a tunnel, or two hosts that disagree about a MAC would bounce it forever.
 */
public final class Metadata {
    public static final long NETWORK_MASK = 0xFF_FFFFL;
    public static final long FROM_TUNNEL = 1L << 24;
    /** The bits this convention owns; CLASSIFY writes all of them. */
    public static final long MASK = NETWORK_MASK | FROM_TUNNEL;

    private Metadata() {
    }

    public static OFInstruction write(int vni, boolean fromTunnel) {
        return FlowParts.OF13.instructions().writeMetadata(U64.of(value(vni, fromTunnel)), U64.of(MASK));
    }

    /** Packets of the network, wherever they came from. */
    public static Match.Builder network(Match.Builder match, int vni) {
        return match.setMasked(MatchField.METADATA, OFMetadata.ofRaw(vni), OFMetadata.ofRaw(NETWORK_MASK));
    }

    /** Packets of the network that came from one of this switch's VM ports. */
    public static Match.Builder fromPort(Match.Builder match, int vni) {
        return match.setMasked(MatchField.METADATA, OFMetadata.ofRaw(value(vni, false)), OFMetadata.ofRaw(MASK));
    }

    /** Packets of the network that came in through a tunnel. */
    public static Match.Builder fromTunnel(Match.Builder match, int vni) {
        return match.setMasked(MatchField.METADATA, OFMetadata.ofRaw(value(vni, true)), OFMetadata.ofRaw(MASK));
    }

    private static long value(int vni, boolean fromTunnel) {
        return (vni & NETWORK_MASK) | (fromTunnel ? FROM_TUNNEL : 0);
    }
}
