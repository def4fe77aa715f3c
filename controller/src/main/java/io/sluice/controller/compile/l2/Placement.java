package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.SnapshotChanges;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.pcollections.PMap;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Where a snapshot's ports are placed ({@link SwitchView} states the rules), indexed by network and by host.
 * None of it depends on the switch, so it is derived once per snapshot and each switch's view reads only the
 * networks it serves: a model change costs a switch its own networks, not every port of the cloud.
 *
 * <p>{@link #next} derives the placement of a snapshot from the last one's, placing again only the networks the
 * change touched: a port's claims on a MAC or an address are within its network, so networks are placed apart
 * as long as no two of them claim one OpenFlow port of a host (Neutron forbids it; then every port is placed
 * again, in one order). A network placed as before, and each host's view of it, stay the very objects they
 * were, so switches compare them by identity.
 */
public final class Placement {
    private final Snapshot snapshot;
    private final Map<DatapathId, AgentInfo> hostsByDatapath;
    private final PMap<String, NetworkPlacement> byNetwork;
    private final PMap<String, List<String>> networksByHost;
    /**
     * Every port id of the tenant model by its network id, placed or not: what placing a network reads. This and
     * the claims are open hash maps and sets, a slot a port and no entry object (~60 bytes a port less).
     */
    private final PMap<String, Set<String>> portsByNetwork;
    /** The network of each port that could be placed (a candidate) by the OpenFlow port it claims on its host. */
    private final PMap<String, Map<Integer, String>> ofportClaims;
    /** Whether candidates of two networks claim one OpenFlow port: then networks cannot be placed apart. */
    private final boolean entangled;
    /** The views built on this placement, each once. */
    private final Map<ViewKey, SwitchView> views;
    /** The views built on the placements this one was derived from, of the hosts whose views it kept. */
    private final PMap<ViewKey, SwitchView> inheritedViews;
    /** The views of the hosts whose views this one may have changed, as the placement before had built them. */
    private final Map<ViewKey, Rebase> rebases;
    /**
     * The hosts whose views this placement may have changed from the one it was derived from (a host serving a
     * network placed again); null when made from scratch, when any may have.
     */
    private final Set<String> hostsChanged;
    /** Each host's tunnel endpoint of each kind, made once and kept while the host's facts stay: one Peer a host. */
    private final Map<EndpointKey, Endpoint> endpoints;

    /** A placed port (as compilers read it, without bookkeeping), its network, its agent's report and its host. */
    record Placed(Port port, Network network, PortReport report, AgentInfo host) {
    }

    private record OfportClaim(String host, int ofport) {
    }

    private record MacClaim(String networkId, String mac) {
    }

    private record IpClaim(String networkId, String ip) {
    }

    private record ViewKey(String host, MplsEncapsulation mpls) {
    }

    /**
     * A host's view on the placement before this one, and the networks this one placed again that the host serves
     * or served: its other networks are served as that view has them, the very objects.
     */
    record Rebase(SwitchView before, Set<String> networksPlacedAgain) {
    }

    private record EndpointKey(String host, String kind) {
    }

    /** A host's endpoint of one kind, with the facts it was made from. */
    private record Endpoint(AgentInfo host, Optional<SwitchView.Peer> peer) {
    }

    /** A placed port reachable through a tunnel endpoint, with the host its agent reported it on. */
    record Reachable(String reportedHost, SwitchView.RemotePort remote) {
    }

    /** One network's ports: those that could be placed, by id, and those placed; and its view from each host. */
    static final class NetworkPlacement {
        private final List<Placed> candidates;
        private final List<Placed> placed;
        private final Map<ViewKey, SwitchView.Served> served = new ConcurrentHashMap<>();
        /** By endpoint kind: the ports every switch of the network may reach, shared by their views. */
        private final Map<String, List<Reachable>> reachable = new ConcurrentHashMap<>();

        NetworkPlacement(List<Placed> candidates, List<Placed> placed) {
            this.candidates = candidates;
            this.placed = placed;
        }

        List<Placed> placed() {
            return placed;
        }

        boolean samePorts(NetworkPlacement other) {
            return other != null && candidates.equals(other.candidates) && placed.equals(other.placed);
        }
    }

    private Placement(Snapshot snapshot, Map<DatapathId, AgentInfo> hostsByDatapath,
                      PMap<String, NetworkPlacement> byNetwork, PMap<String, List<String>> networksByHost,
                      PMap<String, Set<String>> portsByNetwork, PMap<String, Map<Integer, String>> ofportClaims,
                      boolean entangled, PMap<ViewKey, SwitchView> inheritedViews, Map<ViewKey, Rebase> rebases,
                      Map<EndpointKey, Endpoint> endpoints, Set<String> hostsChanged) {
        this.snapshot = snapshot;
        this.hostsByDatapath = hostsByDatapath;
        this.byNetwork = byNetwork;
        this.networksByHost = networksByHost;
        this.portsByNetwork = portsByNetwork;
        this.ofportClaims = ofportClaims;
        this.entangled = entangled;
        this.views = new ConcurrentHashMap<>();
        this.inheritedViews = inheritedViews;
        this.rebases = rebases;
        this.endpoints = endpoints;
        this.hostsChanged = hostsChanged;
    }

    /** Every port placed, in the order of their ids. */
    public static Placement of(Snapshot snapshot) {
        return of(snapshot, Map.of());
    }

    /** @param madeBefore endpoints made before, each reused while its host's facts are equal */
    private static Placement of(Snapshot snapshot, Map<EndpointKey, Endpoint> madeBefore) {
        Map<EndpointKey, Endpoint> endpoints = new ConcurrentHashMap<>();
        madeBefore.forEach((key, endpoint) -> {
            if (snapshot.hosts().containsKey(key.host())) {
                endpoints.put(key, endpoint);
            }
        });
        Map<DatapathId, AgentInfo> hostsByDatapath = new HashMap<>();
        // In the snapshot's order, as Snapshot.hostOf finds them: two hosts claiming one datapath id resolve alike.
        snapshot.hosts().values().stream().filter(h -> h.datapathId() != null)
                .forEach(h -> hostsByDatapath.putIfAbsent(Snapshot.datapathOf(h), h));
        Map<String, Set<String>> portsByNetwork = new Object2ObjectOpenHashMap<>();
        snapshot.tenants().ports().values().forEach(port ->
                portsByNetwork.computeIfAbsent(port.networkId(), id -> new ObjectOpenHashSet<>()).add(port.id()));
        List<Placed> candidates = candidates(snapshot, snapshot.tenants().ports().keySet(), Map.of());
        Map<String, List<Placed>> candidatesByNetwork = new HashMap<>();
        Map<String, List<Placed>> placedByNetwork = new HashMap<>();
        candidates.forEach(p -> candidatesByNetwork.computeIfAbsent(p.network().id(), id -> new ArrayList<>()).add(p));
        resolveClaims(candidates).forEach(p ->
                placedByNetwork.computeIfAbsent(p.network().id(), id -> new ArrayList<>()).add(p));
        Map<String, NetworkPlacement> byNetwork = new HashMap<>();
        candidatesByNetwork.forEach((id, ports) -> byNetwork.put(id,
                new NetworkPlacement(List.copyOf(ports), List.copyOf(placedByNetwork.getOrDefault(id, List.of())))));
        Map<String, Map<Integer, String>> ofportClaims = new Object2ObjectOpenHashMap<>();
        boolean entangled = false;
        for (Placed p : candidates) {
            String other = ofportClaims.computeIfAbsent(p.report().host(), h -> new Object2ObjectOpenHashMap<>())
                    .putIfAbsent(p.report().ofport(), p.network().id());
            entangled |= other != null && !other.equals(p.network().id());
        }
        Map<String, Set<String>> networksByHost = new HashMap<>();
        byNetwork.forEach((id, network) -> network.placed.forEach(p ->
                networksByHost.computeIfAbsent(p.report().host(), h -> new TreeSet<>()).add(id)));
        Map<String, List<String>> sortedByHost = new HashMap<>();
        networksByHost.forEach((host, ids) -> sortedByHost.put(host, List.copyOf(ids)));
        return new Placement(snapshot, hostsByDatapath, PersistentMaps.of(byNetwork),
                PersistentMaps.of(sortedByHost), PersistentMaps.of(portsByNetwork), PersistentMaps.of(ofportClaims),
                entangled, PersistentMaps.empty(), Map.of(), endpoints, null);
    }

    /**
     * The placement of a snapshot, derived from the last one's: exactly what {@link #of} yields, placing again
     * only the networks whose ports, reports or own record changed, unless hosts changed or networks are entangled.
     *
     * @param changes what differs between the previous placement's snapshot and this one
     */
    public static Placement next(Placement previous, Snapshot snapshot, SnapshotChanges changes) {
        if (changes.hosts() || previous.entangled) {
            return of(snapshot, previous.endpoints);
        }
        Overlay<String, Set<String>> portSets = new Overlay<>(previous.portsByNetwork, ObjectOpenHashSet::new,
                Set.of());
        for (String portId : changes.ports()) {
            Port before = previous.snapshot.tenants().ports().get(portId);
            Port after = snapshot.tenants().ports().get(portId);
            if (before != null) {
                portSets.writable(before.networkId()).remove(portId);
            }
            if (after != null) {
                portSets.writable(after.networkId()).add(portId);
            }
        }
        PMap<String, Set<String>> portsByNetwork = portSets.merged();
        PMap<String, NetworkPlacement> byNetwork = previous.byNetwork;
        Overlay<String, Map<Integer, String>> claims = new Overlay<>(previous.ofportClaims,
                Object2ObjectOpenHashMap::new, Map.of());
        Map<String, Set<String>> hostChanges = new HashMap<>();
        for (String networkId : changes.networks()) {
            NetworkPlacement before = previous.byNetwork.get(networkId);
            List<Placed> candidates = candidates(snapshot, portsByNetwork.getOrDefault(networkId, Set.of()),
                    before == null ? Map.of() : byId(before.candidates));
            if (before != null) {
                for (Placed p : before.candidates) {
                    claims.writable(p.report().host()).remove(p.report().ofport(), networkId);
                }
            }
            for (Placed p : candidates) {
                String other = claims.writable(p.report().host()).putIfAbsent(p.report().ofport(), networkId);
                if (other != null && !other.equals(networkId)) {
                    return of(snapshot, previous.endpoints);
                }
            }
            NetworkPlacement after = candidates.isEmpty() ? null
                    : new NetworkPlacement(candidates, resolveClaims(candidates));
            if (after != null && after.samePorts(before)) {
                continue;
            }
            byNetwork = after == null ? byNetwork.minus(networkId) : byNetwork.plus(networkId, after);
            for (NetworkPlacement changed : new NetworkPlacement[] {before, after}) {
                if (changed != null) {
                    changed.placed.forEach(p -> hostChanges.computeIfAbsent(p.report().host(), h -> new HashSet<>())
                            .add(networkId));
                }
            }
        }
        PMap<String, List<String>> networksByHost = previous.networksByHost;
        PMap<ViewKey, SwitchView> built = previous.inheritedViews.plusAll(previous.views);
        List<ViewKey> viewsChanged = new ArrayList<>();
        Map<ViewKey, Rebase> rebases = new HashMap<>();
        for (Map.Entry<String, Set<String>> changed : hostChanges.entrySet()) {
            String host = changed.getKey();
            List<String> served = networksByHost.getOrDefault(host, List.of()); // sorted: a TreeSet's copy
            TreeSet<String> ids = null; // made only when the host starts or stops serving a network
            for (String networkId : changed.getValue()) {
                NetworkPlacement network = byNetwork.get(networkId);
                boolean serves = network != null && network.placed.stream()
                        .anyMatch(p -> p.report().host().equals(host));
                if (serves != Collections.binarySearch(served, networkId) >= 0) {
                    ids = ids == null ? new TreeSet<>(served) : ids;
                    if (serves) {
                        ids.add(networkId);
                    } else {
                        ids.remove(networkId);
                    }
                }
            }
            if (ids != null) {
                networksByHost = ids.isEmpty() ? networksByHost.minus(host)
                        : networksByHost.plus(host, List.copyOf(ids));
            }
            for (MplsEncapsulation mpls : MplsEncapsulation.values()) {
                ViewKey key = new ViewKey(host, mpls);
                viewsChanged.add(key);
                SwitchView before = built.get(key);
                if (before != null) {
                    rebases.put(key, new Rebase(before, changed.getValue()));
                }
            }
        }
        return new Placement(snapshot, previous.hostsByDatapath, byNetwork, networksByHost, portsByNetwork,
                claims.merged(), false, built.minusAll(viewsChanged), rebases, previous.endpoints,
                Set.copyOf(hostChanges.keySet()));
    }

    /**
     * The hosts whose views may differ from those of the placement this one was derived from; empty when this one
     * was made from scratch (then any may).
     */
    public Optional<Set<String>> hostsChanged() {
        return Optional.ofNullable(hostsChanged);
    }

    /** The host whose br-int this is, if its agent has registered (as {@link Snapshot#hostOf}). */
    public Optional<AgentInfo> hostOf(DatapathId dpid) {
        return Optional.ofNullable(hostsByDatapath.get(dpid));
    }

    /** The networks with a placed port on this host (by its agent's name), by id. */
    List<String> networksOn(String host) {
        return networksByHost.getOrDefault(host, List.of());
    }

    /** A network's placed ports, by port id. */
    List<Placed> onNetwork(String networkId) {
        NetworkPlacement network = byNetwork.get(networkId);
        return network == null ? List.of() : network.placed;
    }

    /**
     * A host's view, built once per placement and kept by the next placement while the host's networks stay;
     * built from its view on the placement before when that one changed some of its networks only.
     */
    SwitchView view(AgentInfo self, MplsEncapsulation mpls, Function<Optional<Rebase>, SwitchView> build) {
        ViewKey key = new ViewKey(self.host(), mpls);
        SwitchView inherited = inheritedViews.get(key);
        return inherited != null ? inherited
                : views.computeIfAbsent(key, k -> build.apply(Optional.ofNullable(rebases.get(k))));
    }

    /** A network as a host serves it, built once while the network's placement stays. */
    SwitchView.Served served(String networkId, AgentInfo self, MplsEncapsulation mpls,
                             Supplier<SwitchView.Served> build) {
        return byNetwork.get(networkId).served.computeIfAbsent(new ViewKey(self.host(), mpls), key -> build.get());
    }

    /**
     * A host's tunnel endpoint of this kind ({@link SwitchView#endpoint}), its tunnel IP parsed once: every view
     * of this placement and of the placements after it gets the same {@code Peer} while the host's facts are equal.
     */
    Optional<SwitchView.Peer> endpoint(AgentInfo host, String kind) {
        return endpoints.compute(new EndpointKey(host.host(), kind), (key, made) -> made == null ? made(host, kind)
                : made.host() == host ? made
                : made.host().equals(host) ? new Endpoint(host, made.peer()) : made(host, kind)).peer();
    }

    private static Endpoint made(AgentInfo host, String kind) {
        return new Endpoint(host, SwitchView.endpoint(host, kind));
    }

    /**
     * A network's placed ports on hosts with a tunnel endpoint of this kind, by port id: one list, and one
     * {@code RemotePort} a port, that the views of all its switches share.
     */
    List<Reachable> reachable(String networkId, String kind) {
        NetworkPlacement network = byNetwork.get(networkId);
        return network == null ? List.of() : network.reachable.computeIfAbsent(kind, k -> network.placed.stream()
                .flatMap(p -> endpoint(p.host(), kind).map(peer ->
                        new Reachable(p.report().host(), new SwitchView.RemotePort(p.port(), peer))).stream())
                .toList());
    }

    /**
     * A persistent map being derived: a value is copied the first time the derivation writes it, so the last
     * placement keeps its own, and the copies are put in at once.
     */
    private static final class Overlay<K, C> {
        private final PMap<K, C> base;
        private final UnaryOperator<C> copy;
        private final C empty;
        private final Map<K, C> written = new HashMap<>();

        Overlay(PMap<K, C> base, UnaryOperator<C> copy, C empty) {
            this.base = base;
            this.copy = copy;
            this.empty = empty;
        }

        C writable(K key) {
            return written.computeIfAbsent(key, k -> copy.apply(base.getOrDefault(k, empty)));
        }

        PMap<K, C> merged() {
            return base.plusAll(written);
        }
    }

    private static Map<String, Placed> byId(List<Placed> placed) {
        Map<String, Placed> byId = new HashMap<>();
        placed.forEach(p -> byId.put(p.port().id(), p));
        return byId;
    }

    /**
     * The ports with these ids that could be placed, by id; a port placed as one of {@code reuse} is that
     * very object.
     */
    private static List<Placed> candidates(Snapshot snapshot, Collection<String> portIds, Map<String, Placed> reuse) {
        List<Placed> candidates = new ArrayList<>();
        for (String id : portIds) {
            Port port = snapshot.tenants().ports().get(id);
            place(snapshot, port).ifPresent(p -> {
                Placed same = reuse.get(id);
                candidates.add(p.equals(same) ? same : p);
            });
        }
        candidates.sort(Comparator.comparing(p -> p.port().id()));
        return List.copyOf(candidates);
    }

    /**
     * The candidates placed, by port id. A port that claims an OpenFlow port on its host, a MAC or an address on
     * its network already claimed by a port with a smaller id is left out: Neutron forbids these, and compiling
     * both would make two flows claim one slot and fail the whole switch.
     */
    private static List<Placed> resolveClaims(List<Placed> candidates) {
        Set<Record> claimed = new HashSet<>();
        List<Placed> placed = new ArrayList<>();
        for (Placed p : candidates) {
            List<Record> claims = new ArrayList<>(List.of(new OfportClaim(p.report().host(), p.report().ofport()),
                    new MacClaim(p.network().id(), p.port().macAddress())));
            p.port().fixedIps().stream().map(FixedIp::ipAddress)
                    .forEach(ip -> claims.add(new IpClaim(p.network().id(), ip)));
            if (claims.stream().noneMatch(claimed::contains)) {
                claimed.addAll(claims);
                placed.add(p);
            }
        }
        return List.copyOf(placed);
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
        return SwitchView.reaches(host, network)
                ? Optional.of(new Placed(port.withoutBookkeeping(), network, report, host)) : Optional.empty();
    }
}
