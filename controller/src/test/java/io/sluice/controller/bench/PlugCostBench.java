package io.sluice.controller.bench;

import io.sluice.controller.binding.PortPlacement;
import io.sluice.controller.binding.PortStatusTracker;
import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.HostsByDatapath;
import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.l3.RouterPlanCompiler;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pcollections.PMap;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * What one port-up costs the controller's housekeeping thread, in process, on the scale bench's shape
 * (H hypervisors, N networks of VXLAN and MPLS in turn, each port of network n on consecutive hypervisors): the
 * three model changes a plug brings (the port created bound, its agent's report, its status written ACTIVE),
 * each taken as {@code Controller.update} takes it (placement of the reports, the compiler view from the last
 * one, the routers' view, every known switch's desired state asked and compared with its last) and followed by
 * the port statuses. No store, no network: the CPU time of the thread, by step, medians over many plugs.
 *
 * <p>Arguments: HYPERVISORS PORTS_PER_HYPERVISOR NETWORKS [PLUGS] (default 100 100 500 200); a /24 a network, so
 * at most 65,536 networks and 250 ports a network, plugs included.
 */
public final class PlugCostBench {
    private static final Map<String, Integer> TUNNEL_PORTS = Map.of(AgentInfo.VXLAN_TUNNEL, 65000,
            AgentInfo.MPLSOGRE_TUNNEL, 65001);
    private static final String[] STEPS = {"placement", "compiles as the last", "router view", "compile all switches",
        "statuses"};

    private final int hypervisors;
    private final int portsPerNetwork;
    private final List<Network> networks;
    private final List<Subnet> subnets;
    private final Map<String, AgentInfo> hosts = new HashMap<>();
    private final Map<String, DatapathId> datapaths = new LinkedHashMap<>();
    private final DesiredStateCompiler compiler = DesiredStateCompiler.standard();
    private final HostsByDatapath hostsByDatapath = new HostsByDatapath();
    private final Map<DatapathId, SwitchState> lastDesired = new HashMap<>();
    /** The agents' reports, a new version at each change as the registry gives them. */
    private PMap<String, List<PortReport>> reports = PersistentMaps.empty();
    private PortPlacement placement = PortPlacement.NONE;
    private final PortStatusTracker statuses = new PortStatusTracker();
    private final Map<Integer, Integer> addressesTaken = new HashMap<>();
    private final long[][] nanos;
    private Snapshot snapshot;
    private Snapshot lastSource;
    private TenantModel lastRouterView;
    private int nextPort;
    private int recorded;

    private PlugCostBench(int hypervisors, int portsPerHypervisor, int networkCount, int plugs) {
        this.hypervisors = hypervisors;
        this.portsPerNetwork = Math.max(1, hypervisors * portsPerHypervisor / networkCount);
        this.nanos = new long[STEPS.length][plugs];
        for (int h = 0; h < hypervisors; h++) {
            String host = String.format(Locale.ROOT, "hv%04d", h);
            String dpid = String.format(Locale.ROOT, "5f0000000000%04x", h);
            hosts.put(host, new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY,
                    "10.128." + (h >> 8) + "." + (h & 0xff), Map.of(), dpid, TUNNEL_PORTS, Map.of(), false));
            datapaths.put(host, Snapshot.datapathOf(hosts.get(host)));
        }
        this.networks = BenchNetworks.networks(networkCount);
        this.subnets = BenchNetworks.subnets(networkCount);
    }

    public static void main(String[] args) {
        int h = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int p = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int plugs = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        PlugCostBench bench = new PlugCostBench(h, p, n, plugs);
        long start = System.nanoTime();
        bench.build(h * p);
        System.out.printf(Locale.ROOT, "%d hypervisors, %d ports, %d networks: built and compiled in %.1f s%n", h,
                h * p, n, (System.nanoTime() - start) / 1e9);
        for (int i = 0; i < plugs; i++) { // JIT warm-up
            bench.plug(false);
        }
        for (int i = 0; i < plugs; i++) {
            bench.plug(true);
        }
        bench.print();
    }

    /**
     * Every switch's desired state on the bench's shape, every port plugged and ACTIVE: what a restart finds the
     * switches holding.
     */
    static Map<DatapathId, SwitchState> desiredStates(int hypervisors, int portsPerHypervisor, int networks) {
        PlugCostBench bench = new PlugCostBench(hypervisors, portsPerHypervisor, networks, 0);
        bench.build(hypervisors * portsPerHypervisor);
        return bench.lastDesired;
    }

    /** Every port at once, bound, plugged and ACTIVE, every switch compiled. */
    private void build(int ports) {
        Map<String, Port> byId = new HashMap<>();
        Map<String, List<PortReport>> plugged = new HashMap<>();
        for (int i = 0; i < ports; i++) {
            Port port = port(nextPort++, PortStatus.ACTIVE);
            byId.put(port.id(), port);
            plugged.put(port.id(), List.of(report(port)));
        }
        reports = PersistentMaps.of(plugged);
        TenantModel model = new TenantModel(1, byIdOf(networks), byIdOf(subnets), byId, Map.of(), Map.of(), Map.of(),
                Map.of());
        snapshot = new Snapshot(hosts, Map.of(), model, OperatorFlows.NONE);
        update(snapshot -> placed(snapshot), false);
    }

    /** One port's way up, as the controller's housekeeping thread sees it. */
    private void plug(boolean record) {
        Port created = port(nextPort++, PortStatus.DOWN);
        update(s -> placed(s.withTenants(withPort(s.tenants(), created))), record);
        reports = reports.plus(created.id(), List.of(report(created)));
        update(this::placed, record);
        update(s -> placed(s.withTenants(withPort(s.tenants(), created.withStatus(PortStatus.ACTIVE)))), record);
        if (record) {
            recorded++;
        }
    }

    private void update(java.util.function.UnaryOperator<Snapshot> change, boolean record) {
        long t0 = BenchTiming.cpu();
        snapshot = change.apply(snapshot);
        long t1 = BenchTiming.cpu();
        Snapshot last = lastSource;
        boolean unchanged = last != null && snapshot.compilesAs(last);
        long t2 = BenchTiming.cpu();
        TenantModel routerView = lastRouterView == null ? RouterPlanCompiler.routerView(snapshot.tenants())
                : RouterPlanCompiler.routerView(snapshot.tenants(), lastSource.tenants(), lastRouterView);
        if (!routerView.equals(lastRouterView)) {
            RouterPlanCompiler.plansByHost(routerView);
            lastRouterView = routerView;
        }
        long t3 = BenchTiming.cpu();
        lastSource = snapshot;
        if (!unchanged) {
            for (DatapathId dpid : datapaths.values()) {
                if (hostsByDatapath.hostOf(snapshot, dpid).isPresent()) {
                    SwitchState desired = compiler.compile(snapshot, dpid);
                    if (!desired.equals(lastDesired.get(dpid))) {
                        lastDesired.put(dpid, desired);
                    }
                }
            }
        }
        long t4 = BenchTiming.cpu();
        statuses.toWrite(snapshot, dpid -> Optional.of(true), null);
        long t5 = BenchTiming.cpu();
        if (record) {
            long[] steps = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4};
            for (int s = 0; s < steps.length; s++) {
                nanos[s][recorded] += steps[s];
            }
        }
    }

    /** As the controller places: from the last placement, the ports whose reports changed. */
    private Snapshot placed(Snapshot s) {
        placement = placement.next(reports, s.tenants());
        return placement.placedIn(s);
    }

    /** As a commit makes the next model: the port added to the persistent map, the rest shared. */
    private static TenantModel withPort(TenantModel model, Port port) {
        return model.withPorts(model.revision() + 1, PersistentMaps.of(model.ports()).plus(port.id(), port));
    }

    /** Port k: on hypervisor k mod H, in network k / (ports per network), the scale bench's layout. */
    private Port port(int k, PortStatus status) {
        int n = k / portsPerNetwork % networks.size();
        Network network = networks.get(n);
        Subnet subnet = subnets.get(n);
        int offset = 2 + addressesTaken.merge(n, 1, Integer::sum);
        String ip = BenchNetworks.address(n, offset);
        boolean mpls = network.type() == NetworkType.MPLS;
        return new Port(BenchNetworks.uuid(1_000_000 + k), BenchNetworks.PROJECT, network.id(), "p" + k,
                BenchNetworks.mac(k), List.of(new FixedIp(subnet.id(), ip)), BenchNetworks.uuid(2_000_000 + k),
                "compute:nova", true, true, List.of(), new PortBinding(String.format(Locale.ROOT, "hv%04d",
                        k % hypervisors), Map.of(), mpls ? PortBinding.MIN_MPLS_LABEL + k : null), status, 1);
    }

    private static PortReport report(Port port) {
        return new PortReport(port.id(), port.binding().hostId(), 10 + Integer.parseInt(port.name().substring(1)),
                port.macAddress(), true);
    }

    private static <T> Map<String, T> byIdOf(List<T> records) {
        Map<String, T> byId = new HashMap<>();
        records.forEach(r -> byId.put(r instanceof Network n ? n.id() : ((Subnet) r).id(), r));
        return byId;
    }

    private void print() {
        System.out.printf(Locale.ROOT, "per plug (3 model changes and their statuses), CPU ms of the thread, %d plugs, "
                + "load average %.1f:%n", recorded, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long[] total = new long[recorded];
        for (int s = 0; s < STEPS.length; s++) {
            for (int i = 0; i < recorded; i++) {
                total[i] += nanos[s][i];
            }
            System.out.printf(Locale.ROOT, "  %-22s %s%n", STEPS[s], BenchTiming.percentiles(nanos[s], recorded));
        }
        System.out.printf(Locale.ROOT, "  %-22s %s%n", "total", BenchTiming.percentiles(total, recorded));
    }
}
