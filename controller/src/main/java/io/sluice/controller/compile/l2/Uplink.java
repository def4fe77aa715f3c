package io.sluice.controller.compile.l2;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import java.util.List;
import java.util.OptionalInt;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.VlanVid;

/** How a network's packets leave this switch for other hosts, and through which br-int port they come back. */
public sealed interface Uplink {
    /** The br-int port packets from outside come in through. */
    int ofport();

    /** The copies of a flooded packet that leave the switch, each as the actions that send it. */
    List<List<OFAction>> floodCopies(SwitchView.Segment segment);

    /** A VXLAN network: the flow-based tunnel port, one copy per peer with ports on the network. */
    record Tunnel(int ofport) implements Uplink {
        @Override
        public List<List<OFAction>> floodCopies(SwitchView.Segment segment) {
            return segment.peers().stream()
                    .map(peer -> FlowParts.toPeer(segment.network().segmentationId(), peer, ofport)).toList();
        }
    }

    /**
     * A flat or VLAN network: the patch port to the physical network's bridge, one copy, tagged with the VLAN
     * id on the way out (the physical network's switches learn where each MAC is).
     *
     * @param vlan the VLAN id; empty for a flat network, whose frames stay untagged
     */
    record Patch(int ofport, OptionalInt vlan) implements Uplink {
        @Override
        public List<List<OFAction>> floodCopies(SwitchView.Segment segment) {
            return List.of(out());
        }

        /** Into the physical network: the VLAN tag pushed for a VLAN network, then out of the patch port. */
        public List<OFAction> out() {
            if (vlan.isEmpty()) {
                return List.of(FlowParts.output(ofport));
            }
            OFVlanVidMatch tag = OFVlanVidMatch.ofVlanVid(VlanVid.ofVlan(vlan.getAsInt()));
            return List.of(OF13.actions().pushVlan(EthType.VLAN_FRAME),
                    OF13.actions().setField(OF13.oxms().vlanVid(tag)), FlowParts.output(ofport));
        }
    }
}
