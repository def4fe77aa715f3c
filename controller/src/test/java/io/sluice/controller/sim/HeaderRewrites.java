package io.sluice.controller.sim;

import io.sluice.controller.compile.l2.NxmField;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionDecNwTtl;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraDecTtl;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove;
import org.projectfloodlight.openflow.protocol.action.OFActionPopMpls;
import org.projectfloodlight.openflow.protocol.action.OFActionPopVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionPushMpls;
import org.projectfloodlight.openflow.protocol.action.OFActionPushVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.U32;

/**
 * The actions that rewrite a packet's headers, as OVS performs them. One MPLS label and one VLAN tag at a
 * time is all Sluice uses, so a second push fails the test rather than being modelled half-way.
 */
final class HeaderRewrites {
    private HeaderRewrites() {
    }

    /**
     * The rewritten packet; empty when the action is not a rewrite. A dec_ttl that takes the TTL to zero
     * yields a packet with TTL 0, which the switch then drops.
     */
    static Optional<Packet> apply(OFAction action, Packet packet) {
        Packet rewritten;
        if (action instanceof OFActionSetField set) {
            MatchField<?> field = set.getField().getMatchField();
            HeaderFields.requireWritable(packet, field, action);
            rewritten = packet.with(field, set.getField().getValue());
        } else if (action instanceof OFActionNiciraMove move) {
            rewritten = move(move, packet);
        } else if (decrementsTtl(action)) {
            rewritten = decrementTtl(action, packet);
        } else if (action instanceof OFActionPushMpls push) {
            rewritten = pushMpls(push, packet);
        } else if (action instanceof OFActionPopMpls pop) {
            rewritten = popMpls(pop, packet);
        } else if (action instanceof OFActionPushVlan push) {
            rewritten = pushVlan(push, packet);
        } else if (action instanceof OFActionPopVlan) {
            rewritten = popVlan(action, packet);
        } else {
            return Optional.empty();
        }
        return Optional.of(rewritten);
    }

    static boolean decrementsTtl(OFAction action) {
        return action instanceof OFActionDecNwTtl || action instanceof OFActionNiciraDecTtl;
    }

    private static Packet move(OFActionNiciraMove move, Packet packet) {
        NxmField from = NxmField.byHeader(move.getSrc()).orElseThrow(() -> new AssertionError("move from " + move));
        NxmField to = NxmField.byHeader(move.getDst()).orElseThrow(() -> new AssertionError("move to " + move));
        if (move.getSrcOfs() != 0 || move.getDstOfs() != 0 || move.getNBits() != from.bits()
                || from.bits() != to.bits()) {
            throw new AssertionError("simulator moves whole fields only: " + move);
        }
        OFValueType<?> value = packet.fields().get(from.field());
        if (value == null) {
            throw new AssertionError("move from a field the packet lacks (OVS would refuse the flow): " + move);
        }
        HeaderFields.requireWritable(packet, to.field(), move);
        return packet.with(to.field(), sameBits(value, to.field()));
    }

    /** The bits of a moved value in the type of the field it lands in: a register holds an address as U32. */
    private static OFValueType<?> sameBits(OFValueType<?> value, MatchField<?> to) {
        if (value instanceof IPv4Address address && to.equals(MatchField.REG0)) {
            return U32.ofRaw(address.getInt());
        }
        if (value instanceof U32 bits && (to.equals(MatchField.ARP_SPA) || to.equals(MatchField.ARP_TPA))) {
            return IPv4Address.of(bits.getRaw());
        }
        return value;
    }

    private static Packet decrementTtl(OFAction action, Packet packet) {
        if (!packet.isA(EthType.IPv4)) {
            throw new AssertionError(action + " on a packet that is not IPv4: " + packet);
        }
        return packet.withIpTtl(Math.max(0, packet.ipTtl() - 1));
    }

    private static Packet pushMpls(OFActionPushMpls push, Packet packet) {
        if (!push.getEthertype().equals(EthType.MPLS_UNICAST)) {
            throw new AssertionError("simulator pushes unicast MPLS only: " + push);
        }
        if (!packet.isA(EthType.IPv4)) {
            throw new AssertionError("simulator pushes MPLS onto IPv4 only (one label): " + push + " on " + packet);
        }
        // The IPv4 fields stay in the packet but no flow can read them any more: a match on them needs
        // eth_type=0x0800, and set_field on them is refused (HeaderFields.requireWritable).
        return packet.with(MatchField.ETH_TYPE, EthType.MPLS_UNICAST).with(MatchField.MPLS_LABEL, U32.ZERO);
    }

    private static Packet popMpls(OFActionPopMpls pop, Packet packet) {
        if (!packet.isA(EthType.MPLS_UNICAST) || !packet.has(MatchField.MPLS_LABEL)) {
            throw new AssertionError(pop + " on a packet without an MPLS label: " + packet);
        }
        if (!pop.getEthertype().equals(EthType.IPv4) || !packet.has(MatchField.IPV4_DST)) {
            throw new AssertionError("simulator pops MPLS to the IPv4 packet it carried only: " + pop + " on "
                    + packet);
        }
        return packet.without(MatchField.MPLS_LABEL).with(MatchField.ETH_TYPE, EthType.IPv4);
    }

    private static Packet pushVlan(OFActionPushVlan push, Packet packet) {
        if (!push.getEthertype().equals(EthType.VLAN_FRAME)) {
            throw new AssertionError("simulator pushes 802.1Q tags only: " + push);
        }
        if (packet.has(MatchField.VLAN_VID)) {
            throw new AssertionError("simulator holds one VLAN tag only: " + push + " on " + packet);
        }
        return packet.with(MatchField.VLAN_VID, OFVlanVidMatch.ofVlan(0));
    }

    private static Packet popVlan(OFAction pop, Packet packet) {
        if (!packet.has(MatchField.VLAN_VID)) {
            throw new AssertionError(pop + " on an untagged packet: " + packet);
        }
        return packet.without(MatchField.VLAN_VID);
    }
}
