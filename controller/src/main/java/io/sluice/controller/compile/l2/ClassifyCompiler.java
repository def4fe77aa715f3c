package io.sluice.controller.compile.l2;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.l2.SwitchView.LocalPort;
import io.sluice.controller.compile.l2.SwitchView.Segment;
import io.sluice.controller.compile.l2.SwitchView.Served;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * CLASSIFY for VM ports of every network (MPLS ones too: the key is then the VRF's) and for the VXLAN tunnel: tags each packet with its network (see
 * {@link Metadata}). From a VM port it goes on to PORT_SECURITY; from the tunnel port with a served network's
 * VNI straight to L2_FORWARD, since the sending host already applied port security and answered ARP and
 * DHCP. (Packets from a physical network: {@code compile.provider}.) Anything else meets the table's miss
 * and is dropped.
 */
public final class ClassifyCompiler implements FlowCompiler {
    private record VmPort(String portId, int ofport, long key) {
    }

    private record FromTunnel(String networkId, int vni, int tunnelPort, long key) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        List<FlowSpec> flows = new ArrayList<>();
        for (Served network : context.view().served()) {
            for (LocalPort local : network.local()) {
                flows.add(context.memo(new VmPort(local.port().id(), local.ofport(), network.key()),
                        ClassifyCompiler::fromVmPort));
            }
        }
        for (Segment segment : context.view().segments()) {
            // Accepted whether or not a peer has ports yet: the peer may be reconciled before this switch.
            if (segment.uplink().orElse(null) instanceof Uplink.Tunnel tunnel) {
                flows.add(context.memo(new FromTunnel(segment.network().id(), segment.network().segmentationId(),
                        tunnel.ofport(), segment.key()), ClassifyCompiler::fromTunnel));
            }
        }
        return flows;
    }

    private static FlowSpec fromVmPort(VmPort in) {
        return FlowSpec.of(Table.CLASSIFY, Priority.PORT, FlowParts.inPort(in.ofport()).build(),
                List.of(Metadata.write(in.key(), false), FlowParts.goTo(Table.PORT_SECURITY)),
                FlowParts.cookie(Owner.CLASSIFY, in.portId()));
    }

    private static FlowSpec fromTunnel(FromTunnel in) {
        return FlowSpec.of(Table.CLASSIFY, Priority.NETWORK,
                OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(in.tunnelPort()))
                        .setExact(MatchField.TUNNEL_ID, U64.of(in.vni())).build(),
                List.of(Metadata.write(in.key(), true), FlowParts.goTo(Table.L2_FORWARD)),
                FlowParts.cookie(Owner.CLASSIFY, in.networkId()));
    }
}
