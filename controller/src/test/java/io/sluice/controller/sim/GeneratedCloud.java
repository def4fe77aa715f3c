package io.sluice.controller.sim;

import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.ExternalGateway;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.HostRoute;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;

/**
 * A random cloud from a seed: 2 to 4 hypervisors that all tunnel (VXLAN and mplsogre ports), 2 or 3
 * projects, each with 1 to 3 networks of the given types whose subnets' CIDRs overlap across projects (a
 * project's k-th network mostly has 10.0.k.0/24; addresses from eight, so the same address is often in several
 * networks), and ports spread over the hosts, several on one host. Some ports are admin-down, some unplugged or
 * reported gone, some without port security; now and then a whole network is admin-down. MPLS ports hold a
 * label bound to their host; MPLS networks take their number from the VNI pool.
 *
 * <p>Most projects have a router, scheduled either to a network node ({@value #NETWORK_NODE}, a host with no
 * VM) or to a hypervisor, with interfaces on 1 to 3 of the project's networks whose subnets do not overlap (as
 * Neutron demands), mostly at the subnet's gateway address; some routers have an external gateway (on a
 * network outside the model: it is placed on no br-int) and some a static route. An interface is a port like a
 * VM's, without port security, bound and plugged on the router's host (so on an MPLS network it holds a
 * label); the namespace behind it is not simulated.
 *
 * <p>What is placed and where a network routes an address is worked out here from the rules in
 * docs/pipeline.md, not by the compilers' code: the properties compare the compilers against this independent
 * account.
 */
final class GeneratedCloud {
    static final int VXLAN_OFPORT = 65000;
    static final int MPLSOGRE_OFPORT = 65001;
    static final String NETWORK_NODE = "net1";
    /** An address on no subnet and in no static route: only a router's gateway leads there. */
    static final String OUTSIDE_ADDRESS = "198.51.100.7";
    private static final String[] CIDR_PREFIXES = {"10.0.0.", "10.0.1.", "10.0.2."};
    private static final String EXTERNAL_NETWORK_ID = "00000000-0000-4000-8000-eeeeeeeeeeee";

    /** A port of the model, a VM's or a router's interface, and where the agents say it is. */
    record Endpoint(Port port, Network network, String host, int ofport, boolean placed) {
        String mac() {
            return port.macAddress();
        }

        String ip() {
            return port.fixedIps().get(0).ipAddress();
        }

        String where() {
            return host + ":" + ofport;
        }

        boolean isRouterInterface() {
            return port.deviceOwner().equals(Router.INTERFACE_OWNER);
        }

        @Override
        public String toString() {
            return port.name() + "(" + network.name() + " " + network.type().wireName() + ", " + ip() + ", " + mac()
                    + (port.binding().mplsLabel() == null ? "" : ", label " + port.binding().mplsLabel()) + ", "
                    + (host == null ? "unplugged" : where() + (placed ? "" : " not placed"))
                    + (port.portSecurityEnabled() ? "" : ", no port security") + ")";
        }
    }

    private final long seed;
    private final Random random;
    private final int hypervisors;
    private final Map<String, AgentInfo> hosts = new LinkedHashMap<>();
    private final List<Network> networks = new ArrayList<>();
    private final Map<String, Subnet> subnets = new LinkedHashMap<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final Map<String, String> routerHosts = new LinkedHashMap<>();
    private final Map<String, PortReport> reports = new HashMap<>();
    private final Map<String, Integer> nextOfport = new HashMap<>();
    private int nextId = 1;
    private int nextSegment = 1000;
    private int nextLabel = PortBinding.MIN_MPLS_LABEL;

    private GeneratedCloud(long seed, List<NetworkType> types) {
        this.seed = seed;
        this.random = new Random(seed);
        this.hypervisors = 2 + random.nextInt(3);
        for (int h = 1; h <= hypervisors; h++) {
            hosts.put("hv" + h, host(h));
        }
        int projects = 2 + random.nextInt(2);
        for (int p = 1; p <= projects; p++) {
            List<Network> ofProject = new ArrayList<>();
            int networksOfProject = 1 + random.nextInt(3);
            for (int k = 0; k < networksOfProject; k++) {
                ofProject.add(addNetwork("p" + p, types.get(random.nextInt(types.size())), k));
            }
            if (random.nextInt(3) > 0) {
                addRouter("p" + p, ofProject);
            }
        }
    }

    /** Host hvN: tunnel IP 100.64.0.N, datapath id N, a VXLAN and an mplsogre port. */
    static AgentInfo host(int n) {
        return host("hv" + n, n);
    }

    private static AgentInfo host(String name, int n) {
        return new AgentInfo(name, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "100.64.0." + n,
                Map.of(), String.format("%016x", n), Map.of(Fabric.VXLAN, VXLAN_OFPORT, Fabric.MPLSOGRE,
                MPLSOGRE_OFPORT), Map.of(), false);
    }

    static GeneratedCloud generate(long seed, List<NetworkType> types) {
        return new GeneratedCloud(seed, types);
    }

    Snapshot snapshot() {
        TenantModel model = TenantModel.of(1, networks, List.copyOf(subnets.values()),
                endpoints.stream().map(Endpoint::port).toList(), List.copyOf(routers.values()), List.of(), List.of());
        return new Snapshot(hosts, reports, new TenantModel(model.revision(), model.networks(), model.subnets(),
                model.ports(), model.routers(), model.floatingIps(), model.portForwardings(), routerHosts),
                OperatorFlows.NONE);
    }

    /** Every port: VMs' and routers' interfaces. */
    List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    List<Endpoint> placed() {
        return endpoints.stream().filter(Endpoint::placed).toList();
    }

    List<Router> routers() {
        return List.copyOf(routers.values());
    }

    String hostOf(Router router) {
        return routerHosts.get(router.id());
    }

    List<Endpoint> interfacesOf(Router router) {
        return endpoints.stream().filter(e -> e.isRouterInterface() && e.port().deviceId().equals(router.id()))
                .toList();
    }

    /**
     * Every address some port of the cloud holds, each subnet's gateway address and one in it nobody holds,
     * one address in each static route, and one outside them all.
     */
    Set<String> addresses() {
        Set<String> addresses = new TreeSet<>();
        endpoints.forEach(e -> addresses.add(e.ip()));
        subnets.values().forEach(s -> addresses.add(s.gatewayIp()));
        subnets.values().forEach(s -> addresses.add(addressIn(s.cidr(), 250)));
        routers.values().stream().flatMap(r -> r.routes().stream())
                .forEach(route -> addresses.add(addressIn(route.destination(), 9)));
        addresses.add(OUTSIDE_ADDRESS);
        return addresses;
    }

    /**
     * The placed port of {@code network} that a packet for {@code address} is for: longest prefix first, the port
     * holding the address (/32), else the interface of a router that routes it ({@link #behind}). An MPLS
     * network's VRF makes this choice; on a VXLAN network the sender makes it, by ARP and its gateway.
     */
    Optional<Endpoint> nextHop(Network network, String address) {
        IPv4Address target = IPv4Address.of(address);
        Endpoint best = null;
        int bestLength = -1;
        for (Endpoint port : placed()) {
            if (!port.network().equals(network)) {
                continue;
            }
            List<String> prefixes = Stream.concat(port.port().fixedIps().stream().map(ip -> ip.ipAddress() + "/32"),
                    behind(port).stream()).toList();
            for (String text : prefixes) {
                IPv4AddressWithMask prefix = IPv4AddressWithMask.of(text);
                int length = prefix.getMask().asCidrMaskLength();
                if (prefix.contains(target) && length >= bestLength) {
                    if (length == bestLength && port != best) {
                        throw new AssertionError("generator made two routes " + text + " for " + address + " in "
                                + network.name() + ": " + best + " and " + port);
                    }
                    best = port;
                    bestLength = length;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * What a router interface leads to: the subnets of the router's interfaces on other networks, its static
     * routes' destinations and, with a gateway, everything. Nothing for a port that is not a router's.
     */
    List<String> behind(Endpoint port) {
        if (!port.isRouterInterface()) {
            return List.of();
        }
        Router router = routers.get(port.port().deviceId());
        List<String> prefixes = new ArrayList<>();
        interfacesOf(router).stream().filter(leg -> !leg.network().equals(port.network()))
                .map(leg -> subnets.get(leg.port().fixedIps().get(0).subnetId()).cidr()).forEach(prefixes::add);
        router.routes().stream().map(HostRoute::destination).forEach(prefixes::add);
        if (router.externalGateway() != null) {
            prefixes.add("0.0.0.0/0");
        }
        return prefixes;
    }

    /** The {@code n}-th address of {@code cidr}. */
    static String addressIn(String cidr, int n) {
        return IPv4Address.of(IPv4AddressWithMask.of(cidr).getValue().getInt() + n).toString();
    }

    @Override
    public String toString() {
        Stream<String> routerLines = routers.values().stream().map(r -> "router " + r.name() + " on "
                + routerHosts.get(r.id()) + (r.externalGateway() == null ? "" : ", gateway")
                + (r.routes().isEmpty() ? "" : ", routes " + r.routes().stream().map(HostRoute::destination).toList()));
        return "seed " + seed + ": " + hosts.keySet() + "\n  " + Stream.concat(endpoints.stream()
                .map(Endpoint::toString), routerLines).collect(Collectors.joining("\n  "));
    }

    private Network addNetwork(String project, NetworkType type, int ofProject) {
        int n = nextId++;
        boolean up = random.nextInt(8) > 0;
        Network network = new Network(id(n), project, project + "-net" + n, up, false, false, type, nextSegment++,
                null, type == NetworkType.MPLS ? 1472 : 1450, 1);
        String prefix = CIDR_PREFIXES[random.nextInt(4) == 0 ? random.nextInt(CIDR_PREFIXES.length) : ofProject];
        Subnet subnet = new Subnet(id(nextId++), project, network.id(), network.name() + "-sub", prefix + "0/24",
                prefix + "1", List.of(), random.nextBoolean(), List.of(), List.of(), 1);
        networks.add(network);
        subnets.put(subnet.id(), subnet);
        int ports = 2 + random.nextInt(3);
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < ports; i++) {
            String ip = prefix + (2 + random.nextInt(8));
            if (taken.add(ip)) {
                addVm(network, subnet, ip);
            }
        }
        return network;
    }

    private void addRouter(String project, List<Network> ofProject) {
        List<Network> shuffled = new ArrayList<>(ofProject);
        Collections.shuffle(shuffled, random);
        Set<String> cidrs = new HashSet<>();
        List<Subnet> legs = shuffled.stream().map(this::subnetOf).filter(s -> cidrs.add(s.cidr())).toList();
        legs = legs.subList(0, 1 + random.nextInt(legs.size()));
        String host = random.nextBoolean() ? networkNode() : "hv" + (1 + random.nextInt(hypervisors));
        int n = nextId++;
        ExternalGateway gateway = random.nextBoolean()
                ? new ExternalGateway(EXTERNAL_NETWORK_ID, true, List.of()) : null;
        List<HostRoute> routes = random.nextInt(3) == 0
                ? List.of(new HostRoute("172.16." + n + ".0/24", addressIn(legs.get(0).cidr(), 200))) : List.of();
        Router router = new Router(id(n), project, project + "-router" + n, "", true, gateway, routes, 1);
        routers.put(router.id(), router);
        routerHosts.put(router.id(), host);
        for (Subnet leg : legs) {
            String ip = random.nextInt(5) == 0 ? addressIn(leg.cidr(), 254) : leg.gatewayIp();
            addInterface(router, leg, ip, host);
        }
    }

    private String networkNode() {
        hosts.computeIfAbsent(NETWORK_NODE, name -> host(name, 9));
        return NETWORK_NODE;
    }

    private Subnet subnetOf(Network network) {
        return subnets.values().stream().filter(s -> s.networkId().equals(network.id())).findFirst().orElseThrow();
    }

    private void addVm(Network network, Subnet subnet, String ip) {
        int n = nextId++;
        boolean up = random.nextInt(8) > 0;
        int plugging = random.nextInt(10); // 0: never plugged, 1: reported gone, else present
        String host = plugging == 0 ? null : "hv" + (1 + random.nextInt(hypervisors));
        PortBinding binding = binding(network, host);
        Port port = new Port(id(n), network.projectId(), network.id(), "vm" + n, mac(n),
                List.of(new FixedIp(subnet.id(), ip)), "vm" + n, "compute:nova", up, random.nextInt(5) > 0,
                List.of(), binding, null, 1);
        plug(port, network, plugging != 1);
    }

    private void addInterface(Router router, Subnet subnet, String ip, String host) {
        int n = nextId++;
        Network network = networks.stream().filter(net -> net.id().equals(subnet.networkId())).findFirst()
                .orElseThrow();
        Port port = new Port(id(n), router.projectId(), network.id(), "rtr" + n, mac(n),
                List.of(new FixedIp(subnet.id(), ip)), router.id(), Router.INTERFACE_OWNER, true, false, List.of(),
                binding(network, host), null, 1);
        plug(port, network, true);
    }

    /** Bound to {@code host} (null: unbound); on an MPLS network, with the next label. */
    private PortBinding binding(Network network, String host) {
        if (host == null) {
            return PortBinding.UNBOUND;
        }
        Integer label = null;
        if (network.type() == NetworkType.MPLS) {
            nextLabel += 1 + random.nextInt(50); // labels are global, with gaps as released ones leave
            label = nextLabel;
        }
        return new PortBinding(host, Map.of(), label);
    }

    /** Reported on its binding's host (when bound), {@code present} or gone. */
    private void plug(Port port, Network network, boolean present) {
        String host = port.binding().isBound() ? port.binding().hostId() : null;
        int ofport = 0;
        if (host != null) {
            ofport = nextOfport.merge(host, 1, Integer::sum);
            reports.put(port.id(), new PortReport(port.id(), host, ofport, port.macAddress(), present));
        }
        boolean placed = host != null && present && port.adminStateUp() && network.adminStateUp();
        endpoints.add(new Endpoint(port, network, host, ofport, placed));
    }

    private static String mac(int n) {
        return String.format("fa:16:3e:%02x:%02x:%02x", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
    }

    private static String id(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }
}
