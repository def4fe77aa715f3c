package io.sluice.bench;

import io.sluice.controller.binding.PortStatusPolicy;
import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.reconcile.FlowDiff;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.AllocationPool;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * What one model change costs the controller's housekeeping thread, in process, on a snapshot shaped like
 * the port-up bed's (one VXLAN network, N bound and plugged ports on two hypervisors): Controller.update
 * recompiles every known switch (DesiredStateCompiler) and compares the result with the last desired state
 * (SwitchState.equals); a changed switch is diffed (FlowDiff); afterwards publishPortStatuses runs
 * PortStatusPolicy.statuses over every port. Side by side: compiles from scratch (compileFresh, as before the
 * memo) and incremental ones (compile, after the snapshot without the new port). Medians of repeated calls
 * after a JIT warm-up, with the load average, since the machine may be shared.
 */
final class ModelChangeCost {
    private static final String PROJECT = "p-bench";
    private static final DatapathId HV1 = DatapathId.of(1);
    /** What the agents report now: both tunnel ports, whatever the networks. */
    private static final Map<String, Integer> TUNNEL_PORTS = Map.of(AgentInfo.VXLAN_TUNNEL, 65000,
            AgentInfo.MPLSOGRE_TUNNEL, 65001);
    /** The machine is shared: medians of many runs. */
    private static final int REPETITIONS = 41;

    private ModelChangeCost() {
    }

    public static void main(String[] args) {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        report(sizes.isEmpty() ? List.of(100, 1000) : sizes, NetworkType.VXLAN).forEach(System.out::println);
    }

    static List<String> report(List<Integer> sizes, NetworkType type) {
        List<String> lines = new ArrayList<>();
        for (int n : sizes) {
            Snapshot before = snapshot(n - 1, type);
            Snapshot after = snapshot(n, type);
            DesiredStateCompiler compiler = DesiredStateCompiler.standard();
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < deadline) { // JIT warm-up of both paths
                compiler.compileFresh(after, HV1).equals(compiler.compile(before, HV1));
                compiler.compile(after, HV1);
                PortStatusPolicy.statuses(after, d -> Optional.of(true));
            }
            double statuses = median(() -> PortStatusPolicy.statuses(after, d -> Optional.of(true)));
            Cost full = fullCompile(compiler, before, after);
            Cost incremental = incrementalCompile(compiler, before, after);
            lines.add(String.format(Locale.ROOT, "  %5d ports (%d flows on a switch), load average %s, one more port "
                    + "plugged, per switch:", n, compiler.compile(after, HV1).flows().size(), BenchCluster.loadAverage()));
            lines.add("        full compile:        " + full);
            lines.add("        incremental compile: " + incremental);
            lines.add(String.format(Locale.ROOT, "        port statuses %s ms -> ~%s ms of housekeeping per model change "
                    + "(2 switches), %s ms with full compiles", ms(statuses), ms(2 * incremental.total() + statuses),
                    ms(2 * full.total() + statuses)));
        }
        return lines;
    }

    /**
     * What a model change costs one switch: compile its desired state, compare it with the last one
     * (measured with nothing changed: the whole comparison, as for the switches a change does not move) and
     * diff it with the installed state (the last desired one).
     */
    record Cost(double compile, double equals, double diff) {
        double total() {
            return compile + equals + diff;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "compile %s ms, compare with last desired %s ms, diff %s ms = %s ms",
                    ms(compile), ms(equals), ms(diff), ms(total()));
        }
    }

    /** Each compile from scratch, as before the memo: every flow built anew and compared field by field. */
    private static Cost fullCompile(DesiredStateCompiler compiler, Snapshot before, Snapshot after) {
        SwitchState installed = compiler.compileFresh(before, HV1);
        SwitchState last = compiler.compileFresh(after, HV1);
        SwitchState now = compiler.compileFresh(after, HV1);
        return new Cost(median(() -> compiler.compileFresh(after, HV1)), median(() -> now.equals(last)),
                median(() -> FlowDiff.between(installed, now)));
    }

    /** Each compile after the compile of the snapshot before the change, on the switch's memo. */
    private static Cost incrementalCompile(DesiredStateCompiler compiler, Snapshot before, Snapshot after) {
        List<Double> compiles = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            compiler.compile(before, HV1);
            long start = System.nanoTime();
            compiler.compile(after, HV1);
            compiles.add((System.nanoTime() - start) / 1e6);
        }
        SwitchState installed = compiler.compile(before, HV1);
        SwitchState last = compiler.compile(after, HV1);
        SwitchState now = compiler.compile(after, HV1);
        return new Cost(Stats.of(compiles).p50(), median(() -> now.equals(last)),
                median(() -> FlowDiff.between(installed, now)));
    }

    private static double median(Supplier<Object> work) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            long start = System.nanoTime();
            Object result = work.get();
            times.add((System.nanoTime() - start) / 1e6);
            if (result == null) {
                throw new IllegalStateException();
            }
        }
        return Stats.of(times).p50();
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.1f", ms);
    }

    /**
     * One network of the type, one /18 subnet, n ports bound to hv1 and hv2 by turns and plugged there (on an MPLS
     * network each holding a label).
     */
    static Snapshot snapshot(int n, NetworkType type) {
        String networkId = uuid(0);
        String subnetId = uuid(1);
        Network network = new Network(networkId, PROJECT, "bench", true, false, false, type, 1000, null,
                type == NetworkType.MPLS ? 1472 : 1450, 1);
        Subnet subnet = new Subnet(subnetId, PROJECT, networkId, "bench", "10.96.0.0/18", "10.96.0.1",
                List.of(new AllocationPool("10.96.0.2", "10.96.63.254")), true, List.of(), List.of(), 1);
        List<Port> ports = new ArrayList<>();
        Map<String, PortReport> reports = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            String host = i % 2 == 1 ? "hv1" : "hv2";
            String id = uuid(1000 + i);
            String mac = String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", 0xb0 + (i >>> 16), (i >>> 8) & 0xff,
                    i & 0xff);
            int address = (10 << 24) | (96 << 16) | (16 << 8) | 0;
            address += i;
            String ip = ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff)
                    + "." + (address & 0xff);
            ports.add(new Port(id, PROJECT, networkId, "p" + i, mac, List.of(new FixedIp(subnetId, ip)), uuid(i),
                    "compute:nova", true, true, List.of(), new PortBinding(host, Map.of(),
                    type == NetworkType.MPLS ? PortBinding.MIN_MPLS_LABEL + i : null), PortStatus.ACTIVE, 1));
            reports.put(id, new PortReport(id, host, 10 + i, mac, true));
        }
        Map<String, AgentInfo> hosts = Map.of(
                "hv1", new AgentInfo("hv1", AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "100.64.0.11",
                        Map.of(), "0000000000000001", TUNNEL_PORTS, Map.of(), false),
                "hv2", new AgentInfo("hv2", AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "100.64.0.12",
                        Map.of(), "0000000000000002", TUNNEL_PORTS, Map.of(), false));
        return new Snapshot(hosts, reports, TenantModel.of(1, List.of(network), List.of(subnet), ports),
                OperatorFlows.NONE);
    }

    private static String uuid(long n) {
        return new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L | n).toString();
    }
}
