package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Where a snapshot's ports are placed ({@link SwitchView} states the rules), indexed by network and by host.
 * None of it depends on the switch, so it is derived once per snapshot and each switch's view reads only the
 * networks it serves: a model change costs a switch its own networks, not every port of the cloud.
 */
public final class Placement {
    private final Map<DatapathId, AgentInfo> hostsByDatapath;
    private final Map<String, List<Placed>> byNetwork;
    private final Map<String, List<String>> networksByHost;

    /** A placed port, its network, its agent's report and the host it is on. */
    record Placed(Port port, Network network, PortReport report, AgentInfo host) {
    }

    private record OfportClaim(String host, int ofport) {
    }

    private record MacClaim(String networkId, String mac) {
    }

    private record IpClaim(String networkId, String ip) {
    }

    private Placement(Map<DatapathId, AgentInfo> hostsByDatapath, Map<String, List<Placed>> byNetwork,
                      Map<String, List<String>> networksByHost) {
        this.hostsByDatapath = hostsByDatapath;
        this.byNetwork = byNetwork;
        this.networksByHost = networksByHost;
    }

    public static Placement of(Snapshot snapshot) {
        Map<DatapathId, AgentInfo> hostsByDatapath = new HashMap<>();
        // In the snapshot's order, as Snapshot.hostOf finds them: two hosts claiming one datapath id resolve alike.
        snapshot.hosts().values().stream().filter(h -> h.datapathId() != null)
                .forEach(h -> hostsByDatapath.putIfAbsent(Snapshot.datapathOf(h), h));
        Map<String, List<Placed>> byNetwork = new LinkedHashMap<>();
        for (Placed placed : placed(snapshot)) {
            byNetwork.computeIfAbsent(placed.network().id(), id -> new ArrayList<>()).add(placed);
        }
        Map<String, List<String>> networksByHost = new HashMap<>();
        byNetwork.forEach((networkId, ports) -> ports.stream().map(p -> p.report().host()).distinct()
                .forEach(host -> networksByHost.computeIfAbsent(host, h -> new ArrayList<>()).add(networkId)));
        return new Placement(hostsByDatapath, byNetwork, networksByHost);
    }

    public static Placement next(Placement previous, Snapshot snapshot) {
        return of(snapshot);
    }

    /** The host whose br-int this is, if its agent has registered (as {@link Snapshot#hostOf}). */
    public Optional<AgentInfo> hostOf(DatapathId dpid) {
        return Optional.ofNullable(hostsByDatapath.get(dpid));
    }

    /** The networks with a placed port on this host (by its agent's name), in the order their first placed ports' ids come. */
    List<String> networksOn(String host) {
        return networksByHost.getOrDefault(host, List.of());
    }

    /** A network's placed ports, by port id. */
    List<Placed> onNetwork(String networkId) {
        return byNetwork.getOrDefault(networkId, List.of());
    }

    /**
     * Placed ports, by port id. A port that claims an OpenFlow port on its host, a MAC or an address on its
     * network already claimed by a port with a smaller id is left out: Neutron forbids these, and compiling
     * both would make two flows claim one slot and fail the whole switch.
     */
    private static List<Placed> placed(Snapshot snapshot) {
        Set<Record> claimed = new HashSet<>();
        List<Placed> placed = new ArrayList<>();
        snapshot.tenants().ports().values().stream().sorted(Comparator.comparing(Port::id))
                .flatMap(port -> place(snapshot, port).stream())
                .forEach(p -> {
                    List<Record> claims = new ArrayList<>(List.of(new OfportClaim(p.report().host(),
                            p.report().ofport()), new MacClaim(p.network().id(), p.port().macAddress())));
                    p.port().fixedIps().stream().map(FixedIp::ipAddress)
                            .forEach(ip -> claims.add(new IpClaim(p.network().id(), ip)));
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
        if (network == null || !network.adminStateUp() || !port.adminStateUp() || report == null
                || !report.isUsable() || network.type() == NetworkType.MPLS && port.binding().mplsLabel() == null) {
            return Optional.empty();
        }
        AgentInfo host = snapshot.hosts().get(report.host());
        if (host == null || host.datapathId() == null) {
            return Optional.empty();
        }
        return SwitchView.reaches(host, network) ? Optional.of(new Placed(port, network, report, host))
                : Optional.empty();
    }
}
