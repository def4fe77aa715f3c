package io.sluice.controller.compile.l2;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.l2.SwitchView.Segment;
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
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * L2_FORWARD's flooding: broadcast, multicast and unknown unicast of a network (whatever no unicast flow
 * claims) go to one of two ALL groups of the network. From a local port: every local port (OVS never sends
 * a packet back out of its in_port) and the copies that leave the host ({@link Uplink#floodCopies}: one per
 * VXLAN peer, or one into the physical network). From outside (tunnel or physical network): the local ports
 * only, so a flood never goes back where it came from.
 *
 * <p>Group ids are derived from the network's {@link Metadata} key alone, so they are stable across
 * recompiles (the reconciler only ever modifies a group's buckets): for VXLAN {@value #FROM_PORT_BASE} + VNI
 * and {@value #FROM_TUNNEL_BASE} + VNI, the same on every switch; for flat and VLAN networks
 * {@value #PROVIDER_FROM_PORT_BASE} and {@value #PROVIDER_FROM_OUTSIDE_BASE} + (patch port &lt;&lt; 12 | VLAN id).
 * VNIs are 24 bits and patch ports 16, so the four ranges never overlap and stay below OFPG_MAX (0xffffff00).
 */
public final class FloodCompiler implements FlowCompiler {
    public static final long FROM_PORT_BASE = 0x0100_0000L;
    public static final long FROM_TUNNEL_BASE = 0x0200_0000L;
    public static final long PROVIDER_FROM_PORT_BASE = 0x1000_0000L;
    public static final long PROVIDER_FROM_OUTSIDE_BASE = 0x2000_0000L;

    /** The group flooding what a local port sends on the network with this {@link Metadata} key. */
    public static long fromPortGroup(long key) {
        return isProvider(key) ? PROVIDER_FROM_PORT_BASE + providerIndex(key) : FROM_PORT_BASE + key;
    }

    /** The group flooding what came from outside the host on the network with this key. */
    public static long fromOutsideGroup(long key) {
        return isProvider(key) ? PROVIDER_FROM_OUTSIDE_BASE + providerIndex(key) : FROM_TUNNEL_BASE + key;
    }

    /** A network's flood flows: one for its VM ports' packets, one for what came from outside, if it can. */
    private record Floods(String networkId, long key, boolean fromOutside) {
    }

    /** A group bucket sending out of one local port. */
    private record Output(int ofport) {
    }

    /**
     * A group bucket sending a copy out of the host. Memoised like the rest: a peer's copy is the same in the
     * groups of every switch of its network, and held once.
     */
    private record Copy(List<OFAction> actions) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        List<FlowSpec> flows = new ArrayList<>();
        for (Segment segment : context.view().segments()) {
            flows.addAll(context.memo(new Floods(segment.network().id(), segment.key(), segment.uplink().isPresent()),
                    FloodCompiler::floods));
        }
        return flows;
    }

    private static List<FlowSpec> floods(Floods network) {
        FlowSpec fromPort = flood(network, Metadata.fromPort(OF13.buildMatch(), network.key()).build(),
                fromPortGroup(network.key()));
        return network.fromOutside() ? List.of(fromPort, flood(network,
                Metadata.fromOutside(OF13.buildMatch(), network.key()).build(), fromOutsideGroup(network.key())))
                : List.of(fromPort);
    }

    @Override
    public List<GroupSpec> groups(CompileContext context) {
        List<GroupSpec> groups = new ArrayList<>();
        for (Segment segment : context.view().segments()) {
            List<OFBucket> local = segment.local().stream()
                    .map(p -> context.memo(new Output(p.ofport()), FloodCompiler::bucket)).toList();
            List<OFBucket> outward = segment.uplink().map(uplink -> uplink.floodCopies(segment)).orElse(List.of())
                    .stream().map(actions -> context.memo(new Copy(actions), FloodCompiler::bucket)).toList();
            groups.add(new GroupSpec(fromPortGroup(segment.key()), OFGroupType.ALL,
                    Stream.concat(local.stream(), outward.stream()).toList()));
            if (segment.uplink().isPresent()) {
                groups.add(new GroupSpec(fromOutsideGroup(segment.key()), OFGroupType.ALL, local));
            }
        }
        return groups;
    }

    private static boolean isProvider(long key) {
        return (key & Metadata.PATCH_MASK) != 0;
    }

    private static long providerIndex(long key) {
        return (key >>> 32) << 12 | key & 0xFFF;
    }

    private static FlowSpec flood(Floods network, Match match, long groupId) {
        return FlowSpec.of(Table.L2_FORWARD, Priority.NETWORK, match,
                List.of(FlowParts.apply(List.of(OF13.actions().group(OFGroup.of((int) groupId))))),
                FlowParts.cookie(Owner.L2_FLOOD, network.networkId()));
    }

    private static OFBucket bucket(Output output) {
        return bucket(List.of(FlowParts.output(output.ofport())));
    }

    private static OFBucket bucket(Copy copy) {
        return bucket(copy.actions());
    }

    private static OFBucket bucket(List<OFAction> actions) {
        return OF13.buildBucket().setActions(actions).setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY).build();
    }
}
