package io.sluice.controller.bench;

import io.sluice.controller.openflow.OpenFlowConfig;
import io.sluice.controller.openflow.OpenFlowServer;
import io.sluice.controller.openflow.SwitchRegistry;
import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import io.sluice.controller.reconcile.ReconcileResult;
import io.sluice.controller.reconcile.Reconciler;
import io.sluice.controller.reconcile.SwitchState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Installs N flows into one real switch through Sluice's own path (OpenFlow server, reconciler, diff,
 * pipelined flow-mods, closing barrier) and the same N flows with {@code ovs-ofctl --bundle add-flows},
 * alternating, and prints the rates. Between runs the bridge is emptied with ovs-ofctl and Sluice re-reads
 * it, as after any change behind its back.
 *
 * <p>Arguments: LISTEN_PORT OFCTL_PREFIX_COMMAND RUNS N...; OFCTL_PREFIX_COMMAND runs a command on the
 * switch's host (e.g. "scripts/testbed exec --prefix bfi --host hv1 --").
 */
public final class FlowInstallBench {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private volatile SwitchState desired = SwitchState.EMPTY;
    private final List<String> hostCommand;
    /** -Dbench.bundleLimit=N sends diffs of up to N changes as one bundle; 0 (default) pipelines them all. */
    private final Reconciler reconciler = new Reconciler(dpid -> desired, dpid -> true,
            Integer.getInteger("bench.bundleLimit", 0));
    private final SwitchRegistry switches = new SwitchRegistry();

    private FlowInstallBench(List<String> hostCommand) {
        this.hostCommand = hostCommand;
        switches.addListener(reconciler);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String> hostCommand = List.of(args[1].split(" "));
        int runs = Integer.parseInt(args[2]);
        FlowInstallBench bench = new FlowInstallBench(hostCommand);
        OpenFlowConfig config = OpenFlowConfig.defaults().withListen(new InetSocketAddress("0.0.0.0", port))
                .withKeepalive(Duration.ofSeconds(30), Duration.ofSeconds(120));
        try (OpenFlowServer server = new OpenFlowServer(config, bench.switches)) {
            server.start();
            bench.awaitSwitch();
            double[] last = null;
            for (int i = 3; i < args.length; i++) {
                last = bench.measure(Integer.parseInt(args[i]), runs);
            }
            System.out.printf(Locale.ROOT, "flow-install: sluice %.0f flows/s, ovs-ofctl %.0f flows/s, ratio %.2f%n",
                    last[0], last[1], last[0] / last[1]);
        }
        System.exit(0);
    }

    /** Median rates (Sluice, ovs-ofctl) for n flows over the given runs, alternating which goes first. */
    private double[] measure(int n, int runs) throws Exception {
        List<FlowSpec> flows = flows(n);
        Path ofctlFile = Files.createTempFile("sluice-bench-flows", ".txt");
        Files.write(ofctlFile, flows.stream().map(FlowInstallBench::ofctlText).toList(), StandardCharsets.US_ASCII);
        List<Double> sluiceRates = new ArrayList<>();
        List<Double> ofctlRates = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            boolean sluiceFirst = run % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                emptyBridge();
                if ((turn == 0) == sluiceFirst) {
                    sluiceRates.add(n / sluiceSeconds(flows));
                } else {
                    ofctlRates.add(n / ofctlSeconds(ofctlFile));
                }
                requireFlowCount(n);
            }
            System.out.printf(Locale.ROOT, "  %d flows, run %d: sluice %.0f flows/s, ovs-ofctl %.0f flows/s%n", n,
                    run + 1, sluiceRates.get(run), ofctlRates.get(run));
        }
        Files.delete(ofctlFile);
        double sluice = median(sluiceRates);
        double ofctl = median(ofctlRates);
        System.out.printf(Locale.ROOT, "%d flows: sluice median %.0f flows/s, ovs-ofctl median %.0f flows/s, ratio %.2f%n",
                n, sluice, ofctl, sluice / ofctl);
        return new double[] {sluice, ofctl};
    }

    private double sluiceSeconds(List<FlowSpec> flows) throws Exception {
        long start = System.nanoTime();
        desired = SwitchState.of(flows, List.of());
        reconciler.modelChanged().get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        ReconcileResult result = reconciler.lastResult(switches.sessions().get(0).dpid()).orElseThrow();
        if (!result.converged() || result.sent().flowsAdded() != flows.size()) {
            throw new IllegalStateException("Sluice did not install " + flows.size() + " flows: " + result);
        }
        return seconds;
    }

    private double ofctlSeconds(Path file) {
        long start = System.nanoTime();
        onHost("ovs-ofctl", "-O", "OpenFlow13", "--bundle", "add-flows", "br-int", file.toString());
        return (System.nanoTime() - start) / 1e9;
    }

    /** Checks, outside the timed part, that the switch really holds the flows: a rate of nothing is no rate. */
    private void requireFlowCount(int n) {
        String aggregate = onHost("ovs-ofctl", "-O", "OpenFlow13", "dump-aggregate", "br-int");
        if (!aggregate.contains("flow_count=" + n)) {
            throw new IllegalStateException("expected " + n + " flows on the switch, got: " + aggregate.trim());
        }
    }

    /** Empties the bridge behind Sluice's back, then lets Sluice re-read it so both start from nothing. */
    private void emptyBridge() throws Exception {
        onHost("ovs-ofctl", "-O", "OpenFlow13", "del-flows", "br-int");
        desired = SwitchState.EMPTY;
        reconciler.audit().get(1, TimeUnit.MINUTES);
    }

    private void awaitSwitch() throws InterruptedException {
        for (int i = 0; i < 300 && switches.sessions().isEmpty(); i++) {
            Thread.sleep(100);
        }
        if (switches.sessions().isEmpty()) {
            throw new IllegalStateException("no switch connected within 30 s");
        }
    }

    /** n distinct flows, each forwarding one destination address, as a real L3 table would. */
    static List<FlowSpec> flows(int n) {
        List<FlowSpec> flows = new ArrayList<>(n);
        int base = IPv4Address.of("10.0.0.0").getInt();
        for (int i = 0; i < n; i++) {
            flows.add(FlowSpec.of(Table.L3_VRF, Priority.PORT,
                    OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                            .setExact(MatchField.IPV4_DST, IPv4Address.of(base + i)).build(),
                    List.of(OF13.instructions().applyActions(List.of(OF13.actions().output(OFPort.of(1 + i % 8), 0)))),
                    FlowCookie.of(Owner.OPERATOR, "bench")));
        }
        return flows;
    }

    private static String ofctlText(FlowSpec flow) {
        return String.format(Locale.ROOT, "table=%d,priority=%d,cookie=%s,ip,nw_dst=%s,actions=output:%s",
                flow.tableId(), flow.priority(), flow.cookie(), flow.match().get(MatchField.IPV4_DST),
                ((org.projectfloodlight.openflow.protocol.action.OFActionOutput)
                        ((org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions)
                                flow.instructions().get(0)).getActions().get(0)).getPort().getPortNumber());
    }

    private String onHost(String... command) {
        List<String> all = new ArrayList<>(hostCommand);
        all.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(all + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
