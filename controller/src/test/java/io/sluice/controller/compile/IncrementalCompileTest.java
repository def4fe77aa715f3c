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
import java.util.Optional;
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
    private static final List<String> HOSTS = RandomCloud.HOSTS;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyStepCompilesAsFromScratchOnEverySwitch(long seed) {
        walk(seed, new RandomCloud(new Random(seed)));
    }

    /**
     * As OVS numbers them: no two ports of a host share an OpenFlow port, so networks are placed apart and
     * each step places again only the networks it touched ({@code Placement.next}).
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 14, 15})
    void everyStepCompilesAsFromScratchWithDistinctOpenFlowPorts(long seed) {
        RandomCloud world = new RandomCloud(new Random(seed));
        world.distinctOfports = true;
        walk(seed, world);
    }

    /**
     * The controller recompiles only when a snapshot's compiler view differs from the last one's, and asks
     * {@link Snapshot#compilesAs} instead of building both: at every step, a change of any kind or only statuses
     * written, it says what comparing the views afresh says.
     */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24})
    void everyStepCompilesAsItsViewSays(long seed) {
        RandomCloud world = new RandomCloud(new Random(seed));
        Snapshot before = world.snapshot();
        int alike = 0;
        for (int step = 0; step < 300; step++) {
            String change = world.random.nextBoolean() ? world.change() : "statuses only";
            if (!world.ports.isEmpty() && world.random.nextBoolean()) {
                Port written = world.pick(world.ports);
                world.ports.put(written.id(), written.withStatus(PortStatus.values()[world.random.nextInt(
                        PortStatus.values().length)]));
            }
            Snapshot snapshot = world.snapshot();
            boolean viewsEqual = snapshot.compilerView().equals(before.compilerView());
            assertThat(snapshot.compilesAs(before)).as("seed %d step %d (%s)", seed, step, change)
                    .isEqualTo(viewsEqual);
            alike += viewsEqual ? 1 : 0;
            before = snapshot;
        }
        assertThat(alike).as("steps that leave the view as it was").isBetween(30, 270);
    }

    /**
     * As the reconciler's switches may: each switch compiled at some steps only (a switch connecting, or one a
     * compile ahead of a restart reached first), so its next compile is several indexes after its last and must
     * still hold exactly what a compile from scratch does, whether it is looked at or known to be kept.
     */
    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34})
    void switchesCompiledAtSomeStepsOnlyCompileAsFromScratch(long seed) {
        RandomCloud world = new RandomCloud(new Random(seed));
        world.distinctOfports = true;
        walk(seed, world, seed % 2 == 0 ? 3 : 90); // 90: compiles further apart than the indexes remembered
    }

    /**
     * As the reconciler asks after a model change: a switch the compiler leaves out of
     * {@link DesiredStateCompiler#switchesTouched} has, from scratch, the state it had at the last ask, whatever was
     * compiled in between (a connecting switch, an audit) and however many snapshots went by unasked (the
     * controller skips those that compile as the last).
     */
    @ParameterizedTest
    @ValueSource(longs = {41, 42, 43, 45, 46, 47})
    void switchesLeftOutOfTheTouchedKeepTheirState(long seed) {
        RandomCloud world = new RandomCloud(new Random(seed));
        world.distinctOfports = true;
        DesiredStateCompiler compiler = DesiredStateCompiler.standard();
        Random which = new Random(seed);
        Map<DatapathId, SwitchState> atLastAsk = new HashMap<>();
        int leftOut = 0;
        int asked = 0;
        for (int step = 0; step < 300; step++) {
            String change = world.change();
            Snapshot snapshot = world.snapshot();
            boolean asks = which.nextInt(3) > 0;
            if (!asks || which.nextInt(4) == 0) {
                // A connecting switch or an audit compiles one; at a snapshot not asked about, that derives an
                // index the next ask must count too.
                compiler.compile(snapshot, DatapathId.of(1 + which.nextInt(HOSTS.size() + 1)));
            }
            if (!asks) {
                continue;
            }
            asked++;
            Optional<Set<DatapathId>> touched = compiler.switchesTouched(snapshot);
            for (int h = 1; h <= HOSTS.size() + 1; h++) {
                DatapathId dpid = DatapathId.of(h);
                SwitchState fromScratch = DesiredStateCompiler.standard().compileFresh(snapshot, dpid);
                if (touched.isPresent() && !touched.get().contains(dpid)) {
                    leftOut++;
                    assertThat(fromScratch).as("seed %d step %d (%s), switch %d left out", seed, step, change, h)
                            .isEqualTo(atLastAsk.get(dpid));
                } else {
                    SwitchState compiled = compiler.compile(snapshot, dpid);
                    assertThat(compiled).as("seed %d step %d (%s), switch %d", seed, step, change, h)
                            .isEqualTo(fromScratch);
                    atLastAsk.put(dpid, compiled);
                }
            }
        }
        // Most of the walk's changes reach every one of its four hosts (networks, routers, migrations), or an index
        // between two asks does: few are left out.
        assertThat(leftOut).as("switches left out of %d asks of %d switches", asked, HOSTS.size() + 1)
                .isGreaterThan(5);
    }

    private static void walk(long seed, RandomCloud world) {
        walk(seed, world, 3);
    }

    /** @param oneIn each switch is compiled at a step with a chance of one in this; all at the last step */
    private static void walk(long seed, RandomCloud world, int oneIn) {
        DesiredStateCompiler incremental = DesiredStateCompiler.standard();
        Set<Owner> owners = EnumSet.noneOf(Owner.class);
        Random which = new Random(seed);
        for (int step = 0; step < 300; step++) {
            String change = world.change();
            Snapshot snapshot = world.snapshot();
            for (int h = 1; h <= HOSTS.size() + 1; h++) { // the last one never registers
                DatapathId dpid = DatapathId.of(h);
                SwitchState fromScratch = DesiredStateCompiler.standard().compileFresh(snapshot, dpid);
                fromScratch.flows().values().forEach(flow -> FlowCookie.parse(flow.cookie())
                        .ifPresent(cookie -> owners.add(cookie.owner())));
                if (step == 299 || which.nextInt(oneIn) == 0) {
                    assertThat(incremental.compile(snapshot, dpid))
                            .as("seed %d step %d (%s), switch %d", seed, step, change, h).isEqualTo(fromScratch);
                }
            }
        }
        assertThat(incremental.sharedResults()).as("seed %d: results held after the walk", seed)
                .isEqualTo(compiledOnce(world.snapshot()).sharedResults());
        assertThat(world.plugged()).as("the walk reaches a busy cloud").isGreaterThan(10);
        assertThat(owners).as("the walk reaches every compiler").containsAll(EnumSet.complementOf(
                EnumSet.of(Owner.OPERATOR)));
    }

    /** A compiler that compiled every switch once, from this snapshot. */
    private static DesiredStateCompiler compiledOnce(Snapshot snapshot) {
        DesiredStateCompiler compiler = DesiredStateCompiler.standard();
        for (int h = 1; h <= HOSTS.size() + 1; h++) {
            compiler.compile(snapshot, DatapathId.of(h));
        }
        return compiler;
    }

    /** A cloud with these networks and this many ports added to them. */
    private static RandomCloud cloudOf(long seed, int ports, NetworkType... networks) {
        RandomCloud world = new RandomCloud(new Random(seed));
        for (NetworkType type : networks) {
            world.addNetwork(type);
        }
        for (int i = 0; i < ports; i++) {
            world.addPort();
        }
        return world;
    }

    @Test
    void aPlugReusesEveryFlowItLeavesAsItWas() {
        RandomCloud world = cloudOf(42, 60, NetworkType.VXLAN, NetworkType.VLAN);
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

    /**
     * A change that reaches a switch's inputs but not its flows (here another host's patch port, which no network
     * of the switch reads) leaves it the very state it held: the reconciler finds that state unchanged, and the
     * next change's diff against what the switch holds is the size of that change, not of the switch.
     */
    @Test
    void aCompileWhoseFlowsComeOutAsBeforeYieldsTheVeryStateItHeld() {
        RandomCloud world = cloudOf(43, 30, NetworkType.VXLAN);
        DesiredStateCompiler compiler = DesiredStateCompiler.standard();
        DatapathId hv1 = DatapathId.of(1);
        SwitchState before = compiler.compile(world.snapshot(), hv1);
        world.register(4, "100.64.0.4", 100, 102, Map.of("physnet1", 7, "physnet2", 9));
        Snapshot after = world.snapshot();

        assertThat(compiler.compile(after, hv1)).isSameAs(before)
                .isEqualTo(DesiredStateCompiler.standard().compileFresh(after, hv1));
    }

    @Test
    void aPortChangeCompilesOnlyTheSwitchesServingItsNetwork() {
        RandomCloud world = new RandomCloud(new Random(5));
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
        RandomCloud world = new RandomCloud(new Random(9));
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
        RandomCloud world = new RandomCloud(new Random(7));
        world.addNetwork(NetworkType.VXLAN);
        world.addPort();
        Snapshot snapshot = world.snapshot();
        Network net = snapshot.tenants().networks().values().iterator().next();
        Network twin = new Network(RandomCloud.id(999), "p", "twin", true, false, false, NetworkType.VXLAN,
                net.segmentationId(), null, 1450, 1);
        Port port = snapshot.tenants().ports().values().iterator().next();
        Port onTwin = new Port(RandomCloud.id(998), "p", twin.id(), "x", "fa:16:3e:99:99:99", List.of(), "vm",
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
        DesiredStateCompiler once = DesiredStateCompiler.standard();
        once.compile(snapshot, dpid);
        assertThat(incremental.sharedResults()).as("the failed compile's results let go")
                .isEqualTo(once.sharedResults());
    }

    /** A small cloud that changes one thing at a time, at random. */
}
