package io.sluice.controller.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.reconcile.SwitchState;
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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * A compile that reuses its switch's memo yields exactly what a compile from scratch yields (STYLE habit 5),
 * over random sequences of the changes a cloud goes through: ports plugged, unplugged, moved, rebound,
 * readdressed, secured or trusted, made a router's interface or not, relabelled, live-migrated (readied on a
 * destination, then activated); networks of every type (MPLS included) added and removed; DHCP switched; a
 * router's gateway set and cleared; hosts re-registering with another tunnel IP, VXLAN or MPLSoGRE port or
 * patch port, or none.
 */
class IncrementalCompileTest {
    private static final List<String> HOSTS = List.of("hv1", "hv2", "hv3", "hv4");
    private static final String[] PHYSNETS = {"physnet1", "physnet2"};
    private static final NetworkType[] TYPES = {NetworkType.VXLAN, NetworkType.FLAT, NetworkType.VLAN,
        NetworkType.MPLS};
    private static final String ROUTER = "00000000-0000-4000-8000-999999999999";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyStepCompilesAsFromScratchOnEverySwitch(long seed) {
        walk(seed, new World(new Random(seed)));
    }

    /**
     * As OVS numbers them: no two ports of a host share an OpenFlow port, so networks are placed apart and
     * each step places again only the networks it touched ({@code Placement.next}).
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 14, 15})
    void everyStepCompilesAsFromScratchWithDistinctOpenFlowPorts(long seed) {
        World world = new World(new Random(seed));
        world.distinctOfports = true;
        walk(seed, world);
    }

    /**
     * The controller derives each snapshot's compiler view from the last one's ({@code Controller.update}): at
     * every step, statuses written in between, it is the view computed afresh, and it reuses unchanged ports.
     */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24})
    void everyStepsViewFromTheLastIsTheViewAfresh(long seed) {
        World world = new World(new Random(seed));
        Snapshot before = null;
        Snapshot beforeView = null;
        int reused = 0;
        for (int step = 0; step < 300; step++) {
            String change = world.change();
            if (!world.ports.isEmpty() && world.random.nextBoolean()) {
                Port written = world.pick(world.ports);
                world.ports.put(written.id(), written.withStatus(PortStatus.values()[world.random.nextInt(
                        PortStatus.values().length)]));
            }
            Snapshot snapshot = world.snapshot();
            Snapshot view = snapshot.compilerView(before, beforeView);
            assertThat(view).as("seed %d step %d (%s)", seed, step, change).isEqualTo(snapshot.compilerView());
            for (Port port : view.tenants().ports().values()) {
                reused += beforeView != null && beforeView.tenants().ports().get(port.id()) == port ? 1 : 0;
            }
            before = snapshot;
            beforeView = view;
        }
        assertThat(reused).as("ports the views share").isGreaterThan(100);
    }

    private static void walk(long seed, World world) {
        DesiredStateCompiler incremental = DesiredStateCompiler.standard();
        Set<Owner> owners = EnumSet.noneOf(Owner.class);
        for (int step = 0; step < 300; step++) {
            String change = world.change();
            Snapshot snapshot = world.snapshot();
            for (int h = 1; h <= HOSTS.size() + 1; h++) { // the last one never registers
                DatapathId dpid = DatapathId.of(h);
                SwitchState fromScratch = DesiredStateCompiler.standard().compileFresh(snapshot, dpid);
                assertThat(incremental.compile(snapshot, dpid))
                        .as("seed %d step %d (%s), switch %d", seed, step, change, h).isEqualTo(fromScratch);
                fromScratch.flows().values().forEach(flow -> FlowCookie.parse(flow.cookie())
                        .ifPresent(cookie -> owners.add(cookie.owner())));
            }
        }
        assertThat(world.plugged()).as("the walk reaches a busy cloud").isGreaterThan(10);
        assertThat(owners).as("the walk reaches every compiler").containsAll(EnumSet.complementOf(
                EnumSet.of(Owner.OPERATOR)));
    }

    @Test
    void aPlugReusesEveryFlowItLeavesAsItWas() {
        World world = new World(new Random(42));
        world.addNetwork(NetworkType.VXLAN);
        world.addNetwork(NetworkType.VLAN);
        for (int i = 0; i < 60; i++) {
            world.addPort();
        }
        DesiredStateCompiler compiler = DesiredStateCompiler.standard();
        DatapathId hv1 = DatapathId.of(1);
        SwitchState before = compiler.compile(world.snapshot(), hv1);
        world.addPort();
        SwitchState after = compiler.compile(world.snapshot(), hv1);

        List<FlowSpec> kept = after.flows().values().stream().filter(f -> f.equals(before.flows().get(f.key())))
                .toList();
        assertThat(kept).hasSizeGreaterThan(before.flows().size() / 2)
                .allMatch(f -> f == before.flows().get(f.key()), "the very instance of the last desired state");
    }

    @Test
    void aPortChangeCompilesOnlyTheSwitchesServingItsNetwork() {
        World world = new World(new Random(5));
        world.addNetwork(NetworkType.VXLAN);
        world.addNetwork(NetworkType.VXLAN);
        for (int i = 0; i < 20; i++) {
            world.addPort();
        }
        String netA = world.networks.keySet().iterator().next();
        List<Port> ports = List.copyOf(world.ports.values());
        for (int i = 0; i < ports.size(); i++) { // net A on hv1 and hv2, the other on hv3; hv4 serves nothing
            Port port = ports.get(i);
            String host = port.networkId().equals(netA) ? HOSTS.get(i % 2) : "hv3";
            world.plug(port, host, 1 + i, true);
        }
        Port unplugged = ports.stream().filter(p -> p.networkId().equals(netA)).findFirst().orElseThrow();
        assertThat(ports).anyMatch(p -> !p.networkId().equals(netA));
        DesiredStateCompiler compiler = DesiredStateCompiler.standard();
        Map<String, SwitchState> before = new LinkedHashMap<>();
        Snapshot first = world.snapshot();
        HOSTS.forEach(host -> before.put(host, compiler.compile(first, DatapathId.of(HOSTS.indexOf(host) + 1))));

        world.plug(unplugged, world.reports.get(unplugged.id()).host(), world.reports.get(unplugged.id()).ofport(),
                false);
        Snapshot second = world.snapshot();
        Map<String, SwitchState> after = new LinkedHashMap<>();
        HOSTS.forEach(host -> after.put(host, compiler.compile(second, DatapathId.of(HOSTS.indexOf(host) + 1))));

        HOSTS.forEach(host -> assertThat(after.get(host)).as(host)
                .isEqualTo(DesiredStateCompiler.standard().compileFresh(second, DatapathId.of(HOSTS.indexOf(host) + 1))));
        assertThat(after.get("hv1")).as("hv1 serves net A").isNotEqualTo(before.get("hv1"));
        assertThat(after.get("hv2")).as("hv2 serves net A").isNotEqualTo(before.get("hv2"));
        assertThat(after.get("hv3")).as("hv3 not compiled again: the last state itself").isSameAs(before.get("hv3"));
        assertThat(after.get("hv4")).as("hv4 not compiled again: the last state itself").isSameAs(before.get("hv4"));
    }

    @Test
    void aPortChangeCompilesOnSwitchesOnlyTheNetworkItIsOn() {
        World world = new World(new Random(9));
        world.distinctOfports = true;
        world.addNetwork(NetworkType.VXLAN);
        world.addNetwork(NetworkType.VXLAN);
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            world.addPort();
        }
        ports.addAll(world.ports.values());
        ports.forEach(port -> world.plug(port, HOSTS.get(ports.indexOf(port) % 2), 0, true)); // both on hv1, hv2
        Set<String> compiled = new java.util.HashSet<>();
        FlowCompiler recorder = context -> {
            context.view().served().forEach(network -> compiled.add(network.network().id()));
            return List.of();
        };
        List<FlowCompiler> perNetwork = new ArrayList<>(io.sluice.controller.compile.l2.L2Compilers.all());
        perNetwork.add(recorder);
        DesiredStateCompiler compiler = new DesiredStateCompiler(List.of(new PipelineCompiler()), perNetwork,
                MplsEncapsulation.GRE);
        DatapathId hv1 = DatapathId.of(1);
        compiler.compile(world.snapshot(), hv1);
        assertThat(compiled).as("hv1 serves both networks").hasSize(2);
        compiled.clear();

        Port moved = ports.get(1);
        world.plug(moved, "hv3", 0, true);
        Snapshot after = world.snapshot();

        SwitchState incremental = compiler.compile(after, hv1);

        assertThat(compiled).containsExactly(moved.networkId());
        assertThat(incremental).isEqualTo(new DesiredStateCompiler(List.of(new PipelineCompiler()), perNetwork,
                MplsEncapsulation.GRE).compileFresh(after, hv1));
    }

    @Test
    void conflictingPortsFailBothWaysAlike() {
        World world = new World(new Random(7));
        world.addNetwork(NetworkType.VXLAN);
        world.addPort();
        Snapshot snapshot = world.snapshot();
        Network net = snapshot.tenants().networks().values().iterator().next();
        Network twin = new Network(World.id(999), "p", "twin", true, false, false, NetworkType.VXLAN,
                net.segmentationId(), null, 1450, 1);
        Port port = snapshot.tenants().ports().values().iterator().next();
        Port onTwin = new Port(World.id(998), "p", twin.id(), "x", "fa:16:3e:99:99:99", List.of(), "vm",
                "compute:nova", true, true, List.of(), PortBinding.UNBOUND, null, 1);
        PortReport report = snapshot.ports().get(port.id());
        Map<String, PortReport> reports = new LinkedHashMap<>(snapshot.ports());
        reports.put(onTwin.id(),
                new PortReport(onTwin.id(), report.host(), report.ofport() + 1, onTwin.macAddress(), true));
        List<Port> ports = new ArrayList<>(snapshot.tenants().ports().values());
        ports.add(onTwin);
        Snapshot clash = snapshot.withPorts(reports).withTenants(TenantModel.of(2,
                List.of(net, twin), List.copyOf(snapshot.tenants().subnets().values()), ports));
        DatapathId dpid = DatapathId.of(HOSTS.indexOf(report.host()) + 1);
        DesiredStateCompiler incremental = DesiredStateCompiler.standard();
        incremental.compile(snapshot, dpid);

        assertThatThrownBy(() -> DesiredStateCompiler.standard().compileFresh(clash, dpid))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> incremental.compile(clash, dpid)).isInstanceOf(IllegalStateException.class);
        assertThat(incremental.compile(snapshot, dpid)).isEqualTo(DesiredStateCompiler.standard()
                .compileFresh(snapshot, dpid));
    }

    /** A small cloud that changes one thing at a time, at random. */
    private static final class World {
        private final Random random;
        private final Map<String, Network> networks = new LinkedHashMap<>();
        private final Map<String, Subnet> subnets = new LinkedHashMap<>();
        private final Map<String, Port> ports = new LinkedHashMap<>();
        private final Map<String, PortReport> reports = new LinkedHashMap<>();
        /** Live migrations under way: the destination's report of the port. */
        private final Map<String, PortReport> standby = new LinkedHashMap<>();
        private final Map<String, AgentInfo> hosts = new LinkedHashMap<>();
        private Router router = new Router(ROUTER, "p", "r", "", true, null, List.of(), 1);
        private int next = 1;
        private long revision = 1;
        /** Whether each plug takes its host's next OpenFlow port, as OVS gives them, instead of the one asked. */
        private boolean distinctOfports;
        private final Map<String, Integer> nextOfport = new HashMap<>();

        World(Random random) {
            this.random = random;
            for (int h = 1; h <= HOSTS.size(); h++) {
                register(h, "100.64.0." + h, 100, 102, Map.of(PHYSNETS[0], 7, PHYSNETS[1], 8));
            }
        }

        static String id(int n) {
            return String.format("00000000-0000-4000-8000-%012d", n);
        }

        Snapshot snapshot() {
            return new Snapshot(hosts, reports, TenantModel.of(revision++, List.copyOf(networks.values()),
                    List.copyOf(subnets.values()), List.copyOf(ports.values()), List.of(router), List.of(), List.of()),
                    OperatorFlows.NONE, standby);
        }

        long plugged() {
            return reports.values().stream().filter(PortReport::present).count();
        }

        String change() {
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
        private PortBinding binding(int n) {
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
            standby.put(port.id(), new PortReport(port.id(), host, 40 + random.nextInt(30), port.macAddress(), true));
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

        private void register(int h, String tunnelIp, int vxlanPort, int mplsPort, Map<String, Integer> patches) {
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

        private String pickHost() {
            return random.nextInt(10) == 0 ? "hv9" : HOSTS.get(random.nextInt(HOSTS.size()));
        }

        private String address() {
            return "10.0.0." + (2 + random.nextInt(90));
        }

        private String mac() {
            return String.format("fa:16:3e:00:%02x:%02x", random.nextInt(2), random.nextInt(256));
        }

        private <T> T pick(Map<String, T> items) {
            return List.copyOf(items.values()).get(random.nextInt(items.size()));
        }
    }
}
