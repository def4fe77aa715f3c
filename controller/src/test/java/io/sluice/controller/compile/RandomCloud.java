package io.sluice.controller.compile;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.AllowedAddressPair;
import io.sluice.models.tenant.ExternalGateway;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small cloud changed at random, step by step, as clouds change: ports plugged, unplugged, moved, rebound,
 * readdressed, secured or trusted, made a router's interface or not, relabelled, live-migrated (readied on a
 * destination, then activated); networks of every type (MPLS included) added and removed; DHCP switched; a
 * router's gateway set and cleared; hosts re-registering with another tunnel IP, VXLAN or MPLSoGRE port or
 * patch port, or none. Each {@link #snapshot()} holds the very records of the last for all a step left alone,
 * as the controller's snapshots do. For the tests that hold an incremental path to its full computation.
 */
public final class RandomCloud {
    static final List<String> HOSTS = List.of("hv1", "hv2", "hv3", "hv4");
    private static final String[] PHYSNETS = {"physnet1", "physnet2"};
    private static final NetworkType[] TYPES = {NetworkType.VXLAN, NetworkType.FLAT, NetworkType.VLAN,
        NetworkType.MPLS};
    private static final String ROUTER = "00000000-0000-4000-8000-999999999999";

    final Random random;
    final Map<String, Network> networks = new LinkedHashMap<>();
    final Map<String, Subnet> subnets = new LinkedHashMap<>();
    final Map<String, Port> ports = new LinkedHashMap<>();
    final Map<String, PortReport> reports = new LinkedHashMap<>();
    /** Live migrations under way: the destination's report of the port. */
    final Map<String, PortReport> standby = new LinkedHashMap<>();
    final Map<String, AgentInfo> hosts = new LinkedHashMap<>();
    Router router = new Router(ROUTER, "p", "r", "", true, null, List.of(), 1);
    private int next = 1;
    private long revision = 1;
    /** Whether each plug takes its host's next OpenFlow port, as OVS gives them, instead of the one asked. */
    boolean distinctOfports;
    private final Map<String, Integer> nextOfport = new HashMap<>();

    public RandomCloud(Random random) {
        this.random = random;
        for (int h = 1; h <= HOSTS.size(); h++) {
            register(h, "100.64.0." + h, 100, 102, Map.of(PHYSNETS[0], 7, PHYSNETS[1], 8));
        }
    }

    static String id(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    public Snapshot snapshot() {
        return new Snapshot(hosts, reports, TenantModel.of(revision++, List.copyOf(networks.values()),
                List.copyOf(subnets.values()), List.copyOf(ports.values()), List.of(router), List.of(), List.of()),
                OperatorFlows.NONE, standby);
    }

    /** The port's status as the controller would write it; false if the port is gone. */
    public boolean writeStatus(String portId, PortStatus status) {
        Port port = ports.get(portId);
        if (port != null) {
            ports.put(portId, port.withStatus(status));
        }
        return port != null;
    }

    public long plugged() {
        return reports.values().stream().filter(PortReport::present).count();
    }

    public String change() {
        int dice = random.nextInt(100);
        if (networks.isEmpty() || dice < 8) {
            return addNetwork(TYPES[random.nextInt(TYPES.length)]);
        } else if (dice < 40 || ports.isEmpty()) {
            return addPort();
        }
        Port port = pick(ports);
        return switch (dice / 6) {
            case 6 -> remove(port);
            case 7 -> plug(port, pickHost(), 1 + random.nextInt(20), random.nextInt(5) > 0);
            case 8 -> replace(port, port.fixedIps().isEmpty() ? port.fixedIps()
                    : List.of(new FixedIp(port.fixedIps().get(0).subnetId(), address())), mac(), port.deviceOwner(),
                    port.portSecurityEnabled(), port.adminStateUp());
            case 9 -> replace(port, port.fixedIps(), port.macAddress(),
                    random.nextBoolean() ? Router.INTERFACE_OWNER : "compute:nova",
                    !port.portSecurityEnabled(), random.nextInt(6) > 0);
            case 10 -> reregister();
            case 11 -> random.nextBoolean() ? toggleNetwork() : toggleDhcp();
            case 12 -> migrate(port);
            case 13 -> random.nextBoolean() ? replace(port.withStatus(PortStatus.ACTIVE)) : relabel(port);
            case 14 -> random.nextInt(3) == 0 ? toggleGateway() : removeNetwork();
            default -> addPort();
        };
    }

    String addNetwork(NetworkType type) {
        int n = next++;
        String physnet = type.isOverlay() ? null : PHYSNETS[n % 2];
        if (type == NetworkType.FLAT && networks.values().stream()
                .anyMatch(net -> net.type() == NetworkType.FLAT && net.physicalNetwork().equals(physnet))) {
            type = NetworkType.VLAN; // one flat network per physical network, as Neutron has it
        }
        Integer segment = type == NetworkType.FLAT ? null : n;
        Network network = new Network(id(n), "p", "net" + n, true, false, false, type, segment,
                physnet, 1450, 1);
        networks.put(network.id(), network);
        Subnet subnet = new Subnet(id(next++), "p", network.id(), "sub" + n, "10." + n % 3 + ".0.0/24",
                "10." + n % 3 + ".0.1", List.of(),
                random.nextBoolean(), List.of(), List.of(), 1);
        subnets.put(subnet.id(), subnet);
        return "add " + type + " network " + n;
    }

    String addPort() {
        Subnet subnet = pick(subnets);
        int n = next++;
        List<AllowedAddressPair> pairs = random.nextInt(4) > 0 ? List.of()
                : List.of(new AllowedAddressPair("10.0.0." + (100 + 2 * random.nextInt(25)) + "/31", null));
        Port port = new Port(id(n), "p", subnet.networkId(), "port" + n, mac(),
                List.of(new FixedIp(subnet.id(), address())), "vm" + n, "compute:nova", true,
                random.nextInt(5) > 0, pairs, binding(n), null, 1);
        ports.put(port.id(), port);
        return plug(port, pickHost(), 1 + random.nextInt(60), true);
    }

    /** Bound with a label (which only MPLS ports use), or, one time in five, unbound and unlabelled. */
    PortBinding binding(int n) {
        return random.nextInt(5) == 0 ? PortBinding.UNBOUND : new PortBinding(pickHost(), Map.of(), 16 + n);
    }

    String relabel(Port port) {
        PortBinding binding = binding(next++);
        replace(port.withBinding(binding));
        return "relabel " + port.name() + " " + binding.mplsLabel();
    }

    /** Readies a live migration of the port to another host, or activates the one under way. */
    String migrate(Port port) {
        PortReport destination = standby.remove(port.id());
        if (destination != null && port.binding().inactiveOn(destination.host()).isPresent()) {
            replace(port.withBinding(port.binding().activate(destination.host())));
            return "activate " + port.name() + " on " + destination.host();
        }
        String host = pickHost();
        if (host.equals(port.binding().hostId()) || port.binding().inactiveOn(host).isPresent()
                || !port.binding().isBound()) {
            return "no migration of " + port.name();
        }
        List<PortBinding> inactive = new ArrayList<>(port.binding().inactive());
        inactive.add(new PortBinding(host, Map.of(), 5000 + next++));
        replace(port.withBinding(port.binding().withInactive(inactive)));
        int ofport = distinctOfports ? nextOfport.merge(host, 1, Integer::sum) : 40 + random.nextInt(30);
        standby.put(port.id(), new PortReport(port.id(), host, ofport, port.macAddress(), true));
        return "migrate " + port.name() + " to " + host;
    }

    String toggleGateway() {
        ExternalGateway gateway = router.externalGateway() == null
                ? new ExternalGateway(id(0), true, List.of()) : null;
        router = new Router(ROUTER, "p", "r", "", true, gateway, List.of(), router.revision() + 1);
        return "router gateway " + (gateway == null ? "cleared" : "set");
    }

    String plug(Port port, String host, int ofport, boolean present) {
        if (distinctOfports) {
            ofport = nextOfport.merge(host, 1, Integer::sum);
        }
        reports.put(port.id(), new PortReport(port.id(), host, ofport, port.macAddress(), present));
        return "plug " + port.name() + " on " + host + " ofport " + ofport + (present ? "" : " (gone)");
    }

    String remove(Port port) {
        ports.remove(port.id());
        if (random.nextBoolean()) {
            reports.remove(port.id());
        }
        return "remove " + port.name();
    }

    String replace(Port port, List<FixedIp> ips, String mac, String owner, boolean security, boolean up) {
        String device = owner.equals(Router.INTERFACE_OWNER) ? ROUTER : "vm-" + port.name();
        return replace(new Port(port.id(), "p", port.networkId(), port.name(), mac, ips, device, owner, up,
                security, port.allowedAddressPairs(), port.binding(), port.status(), port.revision() + 1));
    }

    String replace(Port port) {
        ports.put(port.id(), port);
        return "change " + port;
    }

    String reregister() {
        int h = 1 + random.nextInt(HOSTS.size());
        String tunnelIp = random.nextInt(4) == 0 ? null : "100.64." + random.nextInt(3) + "." + h;
        int vxlanPort = random.nextInt(4) == 0 ? 0 : 100 + random.nextInt(2);
        int mplsPort = random.nextInt(4) == 0 ? 0 : 102 + random.nextInt(2);
        Map<String, Integer> patches = random.nextInt(3) == 0 ? Map.of(PHYSNETS[0], 7 + random.nextInt(3))
                : Map.of(PHYSNETS[0], 7, PHYSNETS[1], 8 + random.nextInt(2));
        register(h, tunnelIp, vxlanPort, mplsPort, patches);
        return "re-register hv" + h + " " + tunnelIp + " vxlan " + vxlanPort + " mplsogre " + mplsPort + " "
                + patches;
    }

    String toggleNetwork() {
        Network n = pick(networks);
        networks.put(n.id(), new Network(n.id(), n.projectId(), n.name(), !n.adminStateUp(), n.shared(),
                n.external(), n.type(), n.segmentationId(), n.physicalNetwork(), n.mtu(), n.revision() + 1));
        return "toggle " + n.name();
    }

    String toggleDhcp() {
        Subnet s = pick(subnets);
        subnets.put(s.id(), new Subnet(s.id(), s.projectId(), s.networkId(), s.name(), s.cidr(), s.gatewayIp(),
                s.allocationPools(), !s.enableDhcp(), s.dnsNameservers(), s.hostRoutes(), s.revision() + 1));
        return "toggle DHCP of " + s.name();
    }

    String removeNetwork() {
        if (networks.size() == 1) {
            return "keep the last network";
        }
        Network n = pick(networks);
        networks.remove(n.id());
        subnets.values().removeIf(s -> s.networkId().equals(n.id()));
        return "remove " + n.name(); // its ports stay, on no network
    }

    void register(int h, String tunnelIp, int vxlanPort, int mplsPort, Map<String, Integer> patches) {
        String name = HOSTS.get(h - 1);
        Map<String, Integer> tunnels = new HashMap<>();
        if (vxlanPort != 0) {
            tunnels.put("vxlan", vxlanPort);
        }
        if (mplsPort != 0) {
            tunnels.put(MplsEncapsulation.GRE.tunnelPortKind(), mplsPort);
        }
        hosts.put(name, new AgentInfo(name, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, tunnelIp,
                Map.of(), String.format("%016x", h), tunnels, patches, false));
    }

    String pickHost() {
        return random.nextInt(10) == 0 ? "hv9" : HOSTS.get(random.nextInt(HOSTS.size()));
    }

    String address() {
        return "10.0.0." + (2 + random.nextInt(90));
    }

    String mac() {
        return String.format("fa:16:3e:00:%02x:%02x", random.nextInt(2), random.nextInt(256));
    }

    <T> T pick(Map<String, T> items) {
        return List.copyOf(items.values()).get(random.nextInt(items.size()));
    }
}
