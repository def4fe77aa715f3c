package io.sluice.controller.sim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * The header fields the simulator understands, and what OVS assumes of a packet that lacks one of them.
 * A flow naming any other field fails the test when its switch is loaded: a field the simulator ignored
 * would make the flow match more than the switch's.
 */
final class HeaderFields {
    static final Set<MatchField<?>> UNDERSTOOD = Set.of(MatchField.IN_PORT, MatchField.METADATA,
            MatchField.ETH_SRC, MatchField.ETH_DST, MatchField.ETH_TYPE, MatchField.VLAN_VID,
            MatchField.ARP_OP, MatchField.ARP_SPA, MatchField.ARP_TPA, MatchField.ARP_SHA, MatchField.ARP_THA,
            MatchField.IPV4_SRC, MatchField.IPV4_DST, MatchField.IP_PROTO,
            MatchField.UDP_SRC, MatchField.UDP_DST, MatchField.TCP_SRC, MatchField.TCP_DST,
            MatchField.TUNNEL_ID, MatchField.TUNNEL_IPV4_SRC, MatchField.TUNNEL_IPV4_DST, MatchField.MPLS_LABEL,
            MatchField.REG0);

    /** Fields of the pipeline, not of the wire: a packet entering a switch brings none of them. */
    static final List<MatchField<?>> PIPELINE = List.of(MatchField.IN_PORT, MatchField.METADATA, MatchField.REG0,
            MatchField.TUNNEL_ID, MatchField.TUNNEL_IPV4_SRC, MatchField.TUNNEL_IPV4_DST);

    /**
     * OVS's values for a packet without the field: an untagged frame matches vlan_vid=0x0000, a packet that
     * came from no tunnel has tun_id 0 and tunnel addresses 0.0.0.0, registers start at 0.
     */
    private static final Map<MatchField<?>, OFValueType<?>> ABSENT = Map.of(
            MatchField.VLAN_VID, OFVlanVidMatch.UNTAGGED, MatchField.TUNNEL_ID, U64.ZERO, MatchField.REG0, U32.ZERO,
            MatchField.TUNNEL_IPV4_SRC, IPv4Address.NONE, MatchField.TUNNEL_IPV4_DST, IPv4Address.NONE);

    private static final Set<MatchField<?>> IPV4 = Set.of(MatchField.IPV4_SRC, MatchField.IPV4_DST,
            MatchField.IP_PROTO);
    private static final Set<MatchField<?>> ARP = Set.of(MatchField.ARP_OP, MatchField.ARP_SPA, MatchField.ARP_TPA,
            MatchField.ARP_SHA, MatchField.ARP_THA);

    private HeaderFields() {
    }

    /** The packet as it would be on a wire: without the pipeline's fields. */
    static Packet headersOnly(Packet packet) {
        Packet headers = packet;
        for (MatchField<?> field : PIPELINE) {
            headers = headers.without(field);
        }
        return headers;
    }

    static void requireUnderstood(MatchField<?> field, Object where) {
        if (!UNDERSTOOD.contains(field)) {
            throw new AssertionError("simulator does not understand field " + field.getName() + " in " + where);
        }
    }

    /** The packet's value of the field as a flow sees it, null when the packet has no such header. */
    static OFValueType<?> valueOf(Packet packet, MatchField<?> field) {
        OFValueType<?> value = packet.fields().get(field);
        return value != null ? value : ABSENT.get(field);
    }

    /**
     * Fails unless the packet has the header a set_field writes to (OVS refuses or ignores a set_field whose
     * prerequisites the packet lacks, e.g. an IPv4 address after push_mpls hid the IPv4 header).
     */
    static void requireWritable(Packet packet, MatchField<?> field, Object where) {
        requireUnderstood(field, where);
        EthType needed = IPV4.contains(field) ? EthType.IPv4 : ARP.contains(field) ? EthType.ARP
                : field.equals(MatchField.MPLS_LABEL) ? EthType.MPLS_UNICAST : null;
        IpProtocol transport = field.equals(MatchField.UDP_SRC) || field.equals(MatchField.UDP_DST)
                ? IpProtocol.UDP : field.equals(MatchField.TCP_SRC) || field.equals(MatchField.TCP_DST)
                ? IpProtocol.TCP : null;
        if (transport != null) {
            needed = EthType.IPv4;
        }
        if (needed != null && !packet.isA(needed)
                || transport != null && !transport.equals(packet.get(MatchField.IP_PROTO))
                || field.equals(MatchField.VLAN_VID) && !packet.has(MatchField.VLAN_VID)) {
            throw new AssertionError(where + " sets " + field.getName() + " on a packet without that header: "
                    + packet);
        }
    }
}
