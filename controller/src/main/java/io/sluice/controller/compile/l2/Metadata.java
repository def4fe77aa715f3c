package io.sluice.controller.compile.l2;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import java.util.OptionalInt;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.U64;

/**
 * How the OpenFlow metadata field carries a packet's network from CLASSIFY onward:
 * <pre>
 *  63      48 47          32 31      25   24    23                 0
 * +----------+--------------+----------+------+--------------------+
 * |  unused  |    PATCH     |  unused  | EXT  |      SEGMENT       |
 * +----------+--------------+----------+------+--------------------+
 * </pre>
 * The network <em>key</em> is PATCH and SEGMENT together:
 * <ul>
 *   <li>VXLAN: PATCH 0, SEGMENT the VNI (unique per VXLAN network, the same on every switch);</li>
 *   <li>MPLS: PATCH 0, SEGMENT the network's VRF number (from the VNIs' pool, so never a VNI);</li>
 *   <li>flat: PATCH the br-int ofport of the patch port to the network's physical bridge, SEGMENT 0;</li>
 *   <li>VLAN: that PATCH, SEGMENT the VLAN id.</li>
 * </ul>
 * A physical network has one patch port per switch, one flat network and each VLAN id once, and a patch port
 * is never 0, so keys never collide; provider keys are local to a switch, which is all metadata ever is.
 * EXT is set when the packet came from outside this host (a tunnel or the physical network): it was checked
 * by port security and ARP/DHCP where it was sent, and must never be sent back out, or two hosts that
 * disagree about a MAC would bounce it forever.
 */
public final class Metadata {
    public static final long SEGMENT_MASK = 0xFF_FFFFL;
    public static final long PATCH_MASK = 0xFFFFL << 32;
    public static final long NETWORK_MASK = PATCH_MASK | SEGMENT_MASK;
    public static final long FROM_OUTSIDE = 1L << 24;
    /** The bits this convention owns; CLASSIFY writes all of them. */
    public static final long MASK = NETWORK_MASK | FROM_OUTSIDE;

    private Metadata() {
    }

    /** An overlay network's key: a VXLAN network's VNI, an MPLS network's VRF number. */
    public static long overlay(int segment) {
        return segment & SEGMENT_MASK;
    }

    /** A flat (no VLAN) or VLAN network's key on a switch whose patch port to its physical network is this. */
    public static long provider(int patchPort, OptionalInt vlan) {
        if (patchPort <= 0 || patchPort > 0xFFFF) {
            throw new IllegalArgumentException("patch port " + patchPort + " is no OpenFlow port");
        }
        return (long) patchPort << 32 | vlan.orElse(0);
    }

    /**
     * The network's key on a host's switch: its VNI or VRF number, or for a flat or VLAN network the host's
     * patch port to its physical network (which the host must have: {@link SwitchView#reaches}) and VLAN id.
     */
    public static long keyOn(Network network, AgentInfo host) {
        if (network.type().isOverlay()) {
            return overlay(network.segmentationId());
        }
        return provider(host.providerPorts().get(network.physicalNetwork()), vlanOf(network));
    }

    /** A VLAN network's VLAN id; empty for every other type. */
    public static OptionalInt vlanOf(Network network) {
        return network.type() == NetworkType.VLAN ? OptionalInt.of(network.segmentationId()) : OptionalInt.empty();
    }

    public static OFInstruction write(long key, boolean fromOutside) {
        return FlowParts.OF13.instructions().writeMetadata(U64.of(value(key, fromOutside)), U64.of(MASK));
    }

    /** Packets of the network, wherever they came from. */
    public static Match.Builder network(Match.Builder match, long key) {
        return match.setMasked(MatchField.METADATA, OFMetadata.ofRaw(key), OFMetadata.ofRaw(NETWORK_MASK));
    }

    /** Packets of the network that came from one of this switch's VM ports. */
    public static Match.Builder fromPort(Match.Builder match, long key) {
        return match.setMasked(MatchField.METADATA, OFMetadata.ofRaw(value(key, false)), OFMetadata.ofRaw(MASK));
    }

    /** Packets of the network that came in through a tunnel or from the physical network. */
    public static Match.Builder fromOutside(Match.Builder match, long key) {
        return match.setMasked(MatchField.METADATA, OFMetadata.ofRaw(value(key, true)), OFMetadata.ofRaw(MASK));
    }

    private static long value(long key, boolean fromOutside) {
        if ((key & ~NETWORK_MASK) != 0) {
            throw new IllegalArgumentException("not a network key: 0x" + Long.toHexString(key));
        }
        return key | (fromOutside ? FROM_OUTSIDE : 0);
    }
}
