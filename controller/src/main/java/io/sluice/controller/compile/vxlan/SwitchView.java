package io.sluice.controller.compile.vxlan;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.IPv4Address;

/**
 * What one switch serves on VXLAN networks, derived from a snapshot. Every VXLAN compiler reads this one view,
 * so they all agree on which port is where.
 *
 * <p>A port is <em>placed</em> when its network is VXLAN, both are administratively up, its agent reports it
 * plugged with an OpenFlow port, and that agent's host has registered a datapath id. A placed port is on the
 * switch of that host. A switch serves the networks with at least one port on it; for each it knows its own
 * ports and, when it can tunnel, the ports on other hosts that can tunnel (its peers).
 *
 * @param tunnelPort this switch's flow-based VXLAN port, if it has one and a tunnel IP
 * @param segments   the networks this switch serves, by VNI
 */
public record SwitchView(OptionalInt tunnelPort, List<Segment> segments) {
    /** The agent's name for br-int's flow-based VXLAN port (remote_ip=flow, key=flow) in {@code tunnel_ports}. */
    public static final String VXLAN_PORT = "vxlan";

    /** A network as one switch serves it. */
    public record Segment(Network network, int vni, List<LocalPort> local, List<RemotePort> remote) {
        /** Every placed port this switch can reach: its own and its peers'. */
        public List<Port> members() {
            return Stream.concat(local.stream().map(LocalPort::port), remote.stream().map(RemotePort::port)).toList();
        }

        /** The other hosts with ports on this network, each once, by host name. */
        public List<Peer> peers() {
            return remote.stream().map(RemotePort::peer).distinct().sorted(Comparator.comparing(Peer::host)).toList();
        }
    }

    public record LocalPort(Port port, int ofport) {
    }

    public record RemotePort(Port port, Peer peer) {
    }

    /** Another host reachable through the VXLAN port: where its packets go (tun_dst). */
    public record Peer(String host, IPv4Address tunnelIp) {
    }

    private record Placed(Port port, Network network, PortReport report) {
    }

    public static SwitchView of(Snapshot snapshot, DatapathId dpid) {
        Optional<AgentInfo> self = snapshot.hostOf(dpid);
        if (self.isEmpty()) {
            return new SwitchView(OptionalInt.empty(), List.of());
        }
        String selfName = self.get().host();
        Optional<Peer> selfEndpoint = endpoint(self.get());
        OptionalInt tunnelPort = selfEndpoint.isPresent()
                ? OptionalInt.of(self.get().tunnelPorts().get(VXLAN_PORT)) : OptionalInt.empty();
        Map<Integer, List<Placed>> byVni = new TreeMap<>();
        for (Placed placed : placed(snapshot)) {
            byVni.computeIfAbsent(placed.network().segmentationId(), vni -> new ArrayList<>()).add(placed);
        }
        List<Segment> segments = new ArrayList<>();
        byVni.forEach((vni, ports) -> {
            List<LocalPort> local = ports.stream().filter(p -> p.report().host().equals(selfName))
                    .map(p -> new LocalPort(p.port(), p.report().ofport()))
                    .sorted(Comparator.comparingInt(LocalPort::ofport)).toList();
            List<RemotePort> remote = selfEndpoint.isEmpty() ? List.of() : ports.stream()
                    .filter(p -> !p.report().host().equals(selfName))
                    .flatMap(p -> endpoint(snapshot.hosts().get(p.report().host()))
                            .map(peer -> new RemotePort(p.port(), peer)).stream())
                    .toList();
            if (!local.isEmpty()) {
                segments.add(new Segment(ports.get(0).network(), vni, local, remote));
            }
        });
        return new SwitchView(tunnelPort, segments);
    }

    /**
     * Placed ports, by port id. A port that claims an OpenFlow port on its host, a MAC or an address on its
     * network already claimed by a port with a smaller id is left out: Neutron forbids these, and compiling
     * both would make two flows claim one slot and fail the whole switch.
     */
    private static List<Placed> placed(Snapshot snapshot) {
        Set<String> claimed = new HashSet<>();
        List<Placed> placed = new ArrayList<>();
        snapshot.tenants().ports().values().stream().sorted(Comparator.comparing(Port::id))
                .flatMap(port -> place(snapshot, port).stream())
                .forEach(p -> {
                    List<String> claims = new ArrayList<>(List.of("ofport " + p.report().host() + " "
                            + p.report().ofport(), "mac " + p.network().id() + " " + p.port().macAddress()));
                    p.port().fixedIps().stream().map(FixedIp::ipAddress)
                            .forEach(ip -> claims.add("ip " + p.network().id() + " " + ip));
                    if (claims.stream().noneMatch(claimed::contains)) {
                        claimed.addAll(claims);
                        placed.add(p);
                    }
                });
        return placed;
    }

    private static Optional<Placed> place(Snapshot snapshot, Port port) {
        Network network = snapshot.tenants().networks().get(port.networkId());
        PortReport report = snapshot.ports().get(port.id());
        if (network == null || network.type() != NetworkType.VXLAN || !network.adminStateUp()
                || !port.adminStateUp() || report == null || !report.isUsable()) {
            return Optional.empty();
        }
        AgentInfo host = snapshot.hosts().get(report.host());
        return host == null || host.datapathId() == null ? Optional.empty()
                : Optional.of(new Placed(port, network, report));
    }

    /** A host's tunnel endpoint, if it has a valid tunnel IP and a numbered VXLAN port to send and receive on. */
    private static Optional<Peer> endpoint(AgentInfo host) {
        Integer vxlanPort = host.tunnelPorts().get(VXLAN_PORT);
        if (host.tunnelIp() == null || vxlanPort == null || vxlanPort <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Peer(host.host(), IPv4Address.of(host.tunnelIp())));
        } catch (IllegalArgumentException notIpv4) {
            return Optional.empty();
        }
    }
}
