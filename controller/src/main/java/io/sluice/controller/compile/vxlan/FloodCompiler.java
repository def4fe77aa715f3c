package io.sluice.controller.compile.vxlan;

import static io.sluice.controller.compile.vxlan.FlowParts.OF13;

import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.vxlan.SwitchView.Segment;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * L2_FORWARD's flooding: broadcast, multicast and unknown unicast of a network (whatever no unicast flow
 * claims) go to one of two ALL groups of the network. From a local port: every local port (OVS never sends
 * a packet back out of its in_port) and one copy per peer through the tunnel. From the tunnel: the local
 * ports only, so a flood crosses the underlay once per peer and never comes back.
 *
 * <p>Group ids are derived from the VNI alone, so they are the same on every switch and across recompiles
 * (the reconciler only ever modifies a group's buckets): {@value #FROM_PORT_BASE} + VNI and
 * {@value #FROM_TUNNEL_BASE} + VNI; VNIs are 24 bits, so both ranges stay below OFPG_MAX (0xffffff00).
 */
public final class FloodCompiler implements FlowCompiler {
    public static final long FROM_PORT_BASE = 0x0100_0000L;
    public static final long FROM_TUNNEL_BASE = 0x0200_0000L;

    public static long fromPortGroup(int vni) {
        return FROM_PORT_BASE + vni;
    }

    public static long fromTunnelGroup(int vni) {
        return FROM_TUNNEL_BASE + vni;
    }

    @Override
    public List<FlowSpec> flows(Snapshot snapshot, DatapathId dpid) {
        SwitchView view = SwitchView.of(snapshot, dpid);
        List<FlowSpec> flows = new ArrayList<>();
        for (Segment segment : view.segments()) {
            flows.add(flood(segment, Metadata.fromPort(OF13.buildMatch(), segment.vni()).build(),
                    fromPortGroup(segment.vni())));
            if (view.tunnelPort().isPresent()) {
                flows.add(flood(segment, Metadata.fromTunnel(OF13.buildMatch(), segment.vni()).build(),
                        fromTunnelGroup(segment.vni())));
            }
        }
        return flows;
    }

    @Override
    public List<GroupSpec> groups(Snapshot snapshot, DatapathId dpid) {
        SwitchView view = SwitchView.of(snapshot, dpid);
        List<GroupSpec> groups = new ArrayList<>();
        for (Segment segment : view.segments()) {
            List<OFBucket> local = segment.local().stream().map(p -> bucket(List.of(FlowParts.output(p.ofport()))))
                    .toList();
            List<OFBucket> peers = segment.peers().stream()
                    .map(peer -> bucket(FlowParts.toPeer(segment.vni(), peer, view.tunnelPort().orElseThrow())))
                    .toList();
            groups.add(new GroupSpec(fromPortGroup(segment.vni()), OFGroupType.ALL,
                    Stream.concat(local.stream(), peers.stream()).toList()));
            if (view.tunnelPort().isPresent()) {
                groups.add(new GroupSpec(fromTunnelGroup(segment.vni()), OFGroupType.ALL, local));
            }
        }
        return groups;
    }

    private static FlowSpec flood(Segment segment, Match match, long groupId) {
        return FlowSpec.of(Table.L2_FORWARD, Priority.NETWORK, match,
                List.of(FlowParts.apply(List.of(OF13.actions().group(OFGroup.of((int) groupId))))),
                FlowParts.cookie(Owner.L2_FLOOD, segment.network().id()));
    }

    private static OFBucket bucket(List<OFAction> actions) {
        return OF13.buildBucket().setActions(actions).setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY).build();
    }
}
