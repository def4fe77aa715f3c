package io.sluice.controller.compile.vxlan;

import static io.sluice.controller.compile.vxlan.FlowParts.OF13;

import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.vxlan.SwitchView.LocalPort;
import io.sluice.controller.compile.vxlan.SwitchView.Segment;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * CLASSIFY for VXLAN networks: tags each packet with its network (see {@link Metadata}). From a VM port it
 * goes on to PORT_SECURITY; from the tunnel port with a served network's VNI straight to L2_FORWARD, since
 * the sending host already applied port security and answered ARP and DHCP. Anything else meets the
 * table's miss and is dropped.
 */
public final class ClassifyCompiler implements FlowCompiler {
    @Override
    public List<FlowSpec> flows(Snapshot snapshot, DatapathId dpid) {
        SwitchView view = SwitchView.of(snapshot, dpid);
        List<FlowSpec> flows = new ArrayList<>();
        for (Segment segment : view.segments()) {
            for (LocalPort local : segment.local()) {
                flows.add(FlowSpec.of(Table.CLASSIFY, Priority.PORT, FlowParts.inPort(local.ofport()).build(),
                        List.of(Metadata.write(segment.vni(), false), FlowParts.goTo(Table.PORT_SECURITY)),
                        FlowParts.cookie(Owner.VXLAN_CLASSIFY, local.port().id())));
            }
            // Accepted whether or not a peer has ports yet: the peer may be reconciled before this switch.
            view.tunnelPort().ifPresent(tunnel -> flows.add(FlowSpec.of(Table.CLASSIFY, Priority.NETWORK,
                    OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(tunnel))
                            .setExact(MatchField.TUNNEL_ID, U64.of(segment.vni())).build(),
                    List.of(Metadata.write(segment.vni(), true), FlowParts.goTo(Table.L2_FORWARD)),
                    FlowParts.cookie(Owner.VXLAN_CLASSIFY, segment.network().id()))));
        }
        return flows;
    }
}
