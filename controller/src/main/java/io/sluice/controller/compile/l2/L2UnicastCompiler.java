package io.sluice.controller.compile.l2;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.SwitchView.LocalPort;
import io.sluice.controller.compile.l2.SwitchView.RemotePort;
import io.sluice.controller.compile.l2.SwitchView.Segment;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * L2_FORWARD's unicast: within a network, a packet for the MAC of a port on this switch goes out of that
 * port; for the MAC of a port on a peer, from a local port, into the VXLAN port with the network's VNI and
 * the peer's tunnel IP. A packet that came in through a tunnel is never sent back into one (see
 * {@link Metadata}); if its MAC is not local it floods locally like unknown unicast. On a flat or VLAN
 * network other hosts' MACs are not known: what is not local floods, out of the patch port too.
 */
public final class L2UnicastCompiler implements FlowCompiler {
    @Override
    public List<FlowSpec> flows(Snapshot snapshot, DatapathId dpid) {
        SwitchView view = SwitchView.of(snapshot, dpid);
        List<FlowSpec> flows = new ArrayList<>();
        for (Segment segment : view.segments()) {
            for (LocalPort local : segment.local()) {
                flows.add(FlowSpec.of(Table.L2_FORWARD, Priority.PORT, Metadata.network(OF13.buildMatch(),
                                segment.key()).setExact(MatchField.ETH_DST, MacAddress.of(local.port().macAddress()))
                                .build(),
                        List.of(FlowParts.apply(List.of(FlowParts.output(local.ofport())))),
                        FlowParts.cookie(Owner.L2_UNICAST, local.port().id())));
            }
            for (RemotePort remote : segment.remote()) {
                flows.add(FlowSpec.of(Table.L2_FORWARD, Priority.PORT, Metadata.fromPort(OF13.buildMatch(),
                                segment.key()).setExact(MatchField.ETH_DST, MacAddress.of(remote.port().macAddress()))
                                .build(),
                        List.of(FlowParts.apply(FlowParts.toPeer(segment.network().segmentationId(), remote.peer(),
                                view.tunnelPort().orElseThrow()))),
                        FlowParts.cookie(Owner.L2_UNICAST, remote.port().id())));
            }
        }
        return flows;
    }
}
