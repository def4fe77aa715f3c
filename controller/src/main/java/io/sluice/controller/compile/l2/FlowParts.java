package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.l2.SwitchView.Peer;
import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Table;
import java.util.List;
import java.util.UUID;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Pieces of flows the layer-2 compilers share. */
public final class FlowParts {
    public static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private FlowParts() {
    }

    /** The cookie naming a model object by its id (a UUID, as Neutron ids are). */
    public static FlowCookie cookie(Owner owner, String id) {
        return FlowCookie.of(owner, UUID.fromString(id));
    }

    public static OFInstruction goTo(Table table) {
        return OF13.instructions().gotoTable(TableId.of(table.id()));
    }

    public static OFInstruction apply(List<OFAction> actions) {
        return OF13.instructions().applyActions(actions);
    }

    public static OFAction output(int ofport) {
        return OF13.actions().output(OFPort.of(ofport), 0);
    }

    /**
     * Into the flow-based VXLAN port towards a peer: OVS takes the VNI from tun_id and the remote endpoint
     * from tun_dst, both set just before the output.
     */
    public static List<OFAction> toPeer(int vni, Peer peer, int tunnelPort) {
        return List.of(OF13.actions().setField(OF13.oxms().tunnelId(U64.of(vni))),
                OF13.actions().setField(OF13.oxms().tunnelIpv4Dst(peer.tunnelIp())), output(tunnelPort));
    }

    public static Match.Builder inPort(int ofport) {
        return OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(ofport));
    }

    /**
     * An address or a prefix (an allowed address pair may be a CIDR). A /0 matches every address, so it
     * adds no field: OVS would drop an all-zero mask from the flow, and the flow it reports would differ.
     */
    public static Match.Builder ipv4(Match.Builder match, MatchField<IPv4Address> field, IPv4AddressWithMask address) {
        if (address.getMask().equals(IPv4Address.FULL_MASK)) {
            return match;
        }
        return address.getMask().equals(IPv4Address.NO_MASK) ? match.setExact(field, address.getValue())
                : match.setMasked(field, address.getValue(), address.getMask());
    }
}
