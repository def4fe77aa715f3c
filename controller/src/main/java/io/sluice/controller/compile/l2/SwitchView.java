package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.IPv4Address;

/**
 * What one switch serves, derived from a snapshot: VXLAN, flat and VLAN networks as layer-2 segments, MPLS
 * networks as VRFs. Every compiler reads this one view, so they all agree on which port is where.
 *
 * <p>A port is <em>placed</em> when both it and its network are administratively up, its agent reports it
 * plugged with an OpenFlow port, that agent's host has registered a datapath id, and, for a flat or VLAN
 * network, the host has a patch port to the network's physical network (as in Neutron, a port cannot bind
 * on a host without the bridge mapping). A placed port is on the switch of that host. A switch serves the
 * networks with at least one port on it. For a VXLAN network it knows its own ports and, when it can
 * tunnel, the ports on other hosts that can tunnel (its peers). For a provider network it knows only its
 * own: the physical network's switches learn where the others are, and their owners answer ARP themselves.
 * A port of an MPLS network is placed only while it holds a label; a VRF knows its own ports and those on
 * hosts that can receive labelled packets through the deployment's encapsulation's port.
 *
 * @param tunnelPort this switch's flow-based VXLAN port, if it has one and a tunnel IP
 * @param segments   the layer-2 networks this switch serves, by {@link Metadata} key
 * @param vrfs       the MPLS networks this switch serves, by {@link Metadata} key
 */
public record SwitchView(OptionalInt tunnelPort, List<Segment> segments, List<Vrf> vrfs) {
    /** The agent's name for br-int's flow-based VXLAN port (remote_ip=flow, key=flow) in {@code tunnel_ports}. */
    public static final String VXLAN_PORT = AgentInfo.VXLAN_TUNNEL;

    /** A network this switch serves, whatever its type: its key and its ports here. */
    public sealed interface Served permits Segment, Vrf {
        Network network();

        long key();

        List<LocalPort> local();
    }

    /**
     * A layer-2 network as one switch serves it.
     *
     * @param key    the network's {@link Metadata} key on this switch
     * @param uplink how it reaches other hosts; empty for a VXLAN network on a switch that cannot tunnel
     * @param remote ports on peers (VXLAN only)
     */
    public record Segment(Network network, long key, Optional<Uplink> uplink, List<LocalPort> local,
                          List<RemotePort> remote) implements Served {
        /** Every placed port this switch can reach: its own and its peers'. */
        public List<Port> members() {
            return Stream.concat(local.stream().map(LocalPort::port),
                    remote.stream().map(RemotePort::port)).toList();
        }

        /** The other hosts with ports on this network, each once, by host name. */
        public List<Peer> peers() {
            return remote.stream().map(RemotePort::peer).distinct().sorted(Comparator.comparing(Peer::host)).toList();
        }
    }

    /**
     * An MPLS network as one switch serves it: a VRF.
     *
     * @param key       the network's {@link Metadata} key (its VRF number)
     * @param labelPort this switch's port labelled packets leave and arrive through, if it has one and a
     *                  tunnel IP
     * @param remote    ports on other hosts that can receive labelled packets (each holds a label)
     */
    public record Vrf(Network network, long key, OptionalInt labelPort, List<LocalPort> local,
                      List<RemotePort> remote) implements Served {
    }

    /** Every network served here: layer-2 segments, then VRFs. */
    public List<Served> served() {
        return Stream.concat(segments.stream(), vrfs.stream()).map(Served.class::cast).toList();
    }

    /** This view narrowed to one network it serves: what a compiler sees compiling that network's share alone. */
    public SwitchView only(Served network) {
        return network instanceof Segment segment ? new SwitchView(tunnelPort, List.of(segment), List.of())
                : new SwitchView(tunnelPort, List.of(), List.of((Vrf) network));
    }

    public record LocalPort(Port port, int ofport) {
    }

    public record RemotePort(Port port, Peer peer) {
    }

    /** Another host reachable through a tunnel port: where its packets go (tun_dst). */
    public record Peer(String host, IPv4Address tunnelIp) {
    }

    /** @param mpls the deployment's MPLS encapsulation, which names the port labelled packets use */
    public static SwitchView of(Snapshot snapshot, DatapathId dpid, MplsEncapsulation mpls) {
        return of(Placement.of(snapshot), dpid, mpls);
    }

    /**
     * The view from a snapshot's placement, reading only the networks this switch's host has ports on; the
     * placement keeps it, and each network's part of it, for as long as they stay the same.
     */
    public static SwitchView of(Placement placement, DatapathId dpid, MplsEncapsulation mpls) {
        Optional<AgentInfo> self = placement.hostOf(dpid);
        if (self.isEmpty()) {
            return new SwitchView(OptionalInt.empty(), List.of(), List.of());
        }
        return placement.view(self.get(), mpls, rebase -> build(placement, self.get(), mpls, rebase));
    }

    /**
     * @param rebase the host's view on the placement before, when this one placed again only some of its networks:
     *               the others are served as there, not looked up network by network (at 100 networks a host, the
     *               lookups were most of a port change's compile)
     */
    private static SwitchView build(Placement placement, AgentInfo self, MplsEncapsulation mpls,
                                    Optional<Placement.Rebase> rebase) {
        OptionalInt tunnelPort = tunnelPortOf(placement, self, VXLAN_PORT);
        List<Served> served = new ArrayList<>();
        List<String> networks = placement.networksOn(self.host());
        List<String> lookedUp = networks;
        if (rebase.isPresent()) {
            // The host's networks are those before, but for the ones placed again, which it may serve or not now.
            Set<String> again = rebase.get().networksPlacedAgain();
            rebase.get().before().served().stream().filter(kept -> !again.contains(kept.network().id()))
                    .forEach(served::add);
            lookedUp = again.stream().filter(id -> Collections.binarySearch(networks, id) >= 0).toList();
        }
        for (String networkId : lookedUp) {
            served.add(placement.served(networkId, self, mpls,
                    () -> served(placement, networkId, self, tunnelPort, mpls)));
        }
        List<Segment> segments = new ArrayList<>();
        List<Vrf> vrfs = new ArrayList<>();
        for (Served network : served) {
            if (network instanceof Segment segment) {
                segments.add(segment);
            } else {
                vrfs.add((Vrf) network);
            }
        }
        segments.sort(Comparator.comparingLong(Segment::key));
        vrfs.sort(Comparator.comparingLong(Vrf::key));
        return new SwitchView(tunnelPort, List.copyOf(segments), List.copyOf(vrfs));
    }

    /** A network as this host serves it, from the network's placed ports. */
    private static Served served(Placement placement, String networkId, AgentInfo self, OptionalInt tunnelPort,
                                 MplsEncapsulation mpls) {
        List<Placement.Placed> ports = placement.onNetwork(networkId);
        String selfName = self.host();
        Network network = ports.get(0).network();
        List<LocalPort> local = ports.stream().filter(p -> p.report().host().equals(selfName))
                .map(p -> new LocalPort(p.port(), p.report().ofport()))
                .sorted(Comparator.comparingInt(LocalPort::ofport)).toList();
        if (network.type() == NetworkType.MPLS) {
            String labelKind = mpls.tunnelPortKind();
            OptionalInt labelPort = tunnelPortOf(placement, self, labelKind);
            List<RemotePort> remote = labelPort.isEmpty() ? List.of()
                    : remote(placement.reachable(networkId, labelKind), selfName);
            return new Vrf(network, Metadata.keyOn(network, self), labelPort, local, remote);
        } else if (network.type() == NetworkType.VXLAN) {
            List<RemotePort> remote = tunnelPort.isEmpty() ? List.of()
                    : remote(placement.reachable(networkId, VXLAN_PORT), selfName);
            return new Segment(network, Metadata.keyOn(network, self), tunnelPort.isPresent()
                    ? Optional.of(new Uplink.Tunnel(tunnelPort.getAsInt())) : Optional.empty(), local, remote);
        }
        int patch = self.providerPorts().get(network.physicalNetwork());
        return new Segment(network, Metadata.keyOn(network, self),
                Optional.of(new Uplink.Patch(patch, Metadata.vlanOf(network))), local, List.of());
    }

    /** The host's tunnel port of this kind, when the host is a tunnel endpoint of that kind. */
    private static OptionalInt tunnelPortOf(Placement placement, AgentInfo self, String kind) {
        return placement.endpoint(self, kind).isPresent() ? OptionalInt.of(self.tunnelPorts().get(kind))
                : OptionalInt.empty();
    }

    /** A network's reachable ports on hosts other than this one: the network's shared objects, this host's left out. */
    private static List<RemotePort> remote(List<Placement.Reachable> reachable, String selfName) {
        return reachable.stream().filter(r -> !r.reportedHost().equals(selfName)).map(Placement.Reachable::remote)
                .toList();
    }

    /**
     * Whether a host's br-int can carry the network: always for an overlay, and for a flat or VLAN network
     * when the host reports a numbered patch port to its physical network.
     */
    public static boolean reaches(AgentInfo host, Network network) {
        if (network.physicalNetwork() == null) {
            return true;
        }
        Integer patch = host.providerPorts().get(network.physicalNetwork());
        return patch != null && patch > 0 && patch <= 0xFFFF;
    }

    /**
     * A host's tunnel endpoint, if it has a valid tunnel IP and a numbered tunnel port of this kind; views take
     * it from {@link Placement#endpoint}, which makes it once per host.
     */
    static Optional<Peer> endpoint(AgentInfo host, String kind) {
        Integer tunnelPort = host.tunnelPorts().get(kind);
        if (host.tunnelIp() == null || tunnelPort == null || tunnelPort <= 0 || tunnelPort > 0xFFFF) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Peer(host.host(), IPv4Address.of(host.tunnelIp())));
        } catch (IllegalArgumentException notIpv4) {
            return Optional.empty();
        }
    }
}
