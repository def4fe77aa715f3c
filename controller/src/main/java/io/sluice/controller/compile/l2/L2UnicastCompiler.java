package io.sluice.controller.compile.l2;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.l2.SwitchView.LocalPort;
import io.sluice.controller.compile.l2.SwitchView.Peer;
import io.sluice.controller.compile.l2.SwitchView.RemotePort;
import io.sluice.controller.compile.l2.SwitchView.Segment;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * L2_FORWARD's unicast: within a network, a packet for the MAC of a port on this switch goes out of that
 * port; for the MAC of a port on a peer, from a local port, into the VXLAN port with the network's VNI and
 * the peer's tunnel IP. A packet that came in through a tunnel is never sent back into one (see
 * {@link Metadata}); if its MAC is not local it floods locally like unknown unicast. On a flat or VLAN
 * network other hosts' MACs are not known: what is not local floods, out of the patch port too.
 */
public final class L2UnicastCompiler implements FlowCompiler {
    private record ToLocal(String portId, String mac, long key, int ofport) {
    }

    private record ToPeer(String portId, String mac, long key, int vni, Peer peer, int tunnelPort) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        SwitchView view = context.view();
        List<FlowSpec> flows = new ArrayList<>();
        for (Segment segment : view.segments()) {
            for (LocalPort local : segment.local()) {
                flows.add(context.memo(new ToLocal(local.port().id(), local.port().macAddress(), segment.key(),
                        local.ofport()), L2UnicastCompiler::toLocal));
            }
            for (RemotePort remote : segment.remote()) {
                flows.add(context.memo(new ToPeer(remote.port().id(), remote.port().macAddress(), segment.key(),
                        segment.network().segmentationId(), remote.peer(), view.tunnelPort().orElseThrow()),
                        L2UnicastCompiler::toPeer));
            }
        }
        return flows;
    }

    private static FlowSpec toLocal(ToLocal to) {
        return FlowSpec.of(Table.L2_FORWARD, Priority.PORT, Metadata.network(OF13.buildMatch(), to.key())
                        .setExact(MatchField.ETH_DST, MacAddress.of(to.mac())).build(),
                List.of(FlowParts.apply(List.of(FlowParts.output(to.ofport())))),
                FlowParts.cookie(Owner.L2_UNICAST, to.portId()));
    }

    private static FlowSpec toPeer(ToPeer to) {
        return FlowSpec.of(Table.L2_FORWARD, Priority.PORT, Metadata.fromPort(OF13.buildMatch(), to.key())
                        .setExact(MatchField.ETH_DST, MacAddress.of(to.mac())).build(),
                List.of(FlowParts.apply(FlowParts.toPeer(to.vni(), to.peer(), to.tunnelPort()))),
                FlowParts.cookie(Owner.L2_UNICAST, to.portId()));
    }
}
