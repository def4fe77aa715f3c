package io.sluice.controller.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.ReportedFlows;
import io.sluice.controller.reconcile.FlowDiff;
import io.sluice.controller.reconcile.SwitchState;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.TableId;

/**
 * What reading one switch's flow dump costs the controller, in process, on the scale bench's shape: a switch that
 * holds exactly its desired state (as after a controller restart) sends its flows in flow-stats replies of up to
 * 64 KiB; each is read into flows, the flows indexed ({@link SwitchState#of}) and diffed against the desired state.
 * Read two ways: decoded by OpenFlowJ, each entry then made a {@link FlowSpec} (how dumps were read before
 * {@link ReportedFlows}), and by {@link ReportedFlows}. CPU time of the thread, per switch, after as many untimed;
 * and the first of all, as a restarted controller's JIT meets it.
 *
 * <p>Arguments: HYPERVISORS PORTS_PER_HYPERVISOR NETWORKS [ROUNDS] (default 100 100 500 200).
 */
public final class DumpCostBench {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    /** Entries per reply part: OVS fills parts up to 64 KiB, ~250 bytes a flow here. */
    private static final int ENTRIES_PER_PART = 200;

    private DumpCostBench() {
    }

    public static void main(String[] args) throws OFParseError {
        int h = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int p = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        long start = BenchTiming.cpu();
        SwitchState desired = PlugCostBench.desiredStates(h, p, n).values().iterator().next();
        List<byte[]> dump = dumpOf(desired);
        System.out.printf(Locale.ROOT, "one switch of %d x %d: %d flows, %d groups, %d meters, %d reply parts "
                + "(model made and every switch compiled in %.1f s of CPU)%n", h, p, desired.flows().size(),
                desired.groups().size(), desired.meters().size(), dump.size(), (BenchTiming.cpu() - start) / 1e9);
        long[][] nanos = new long[4][rounds];
        long[] first = new long[4];
        for (int round = -rounds; round < rounds; round++) { // the first half warms the JIT
            long t0 = BenchTiming.cpu();
            List<FlowSpec> decoded = decoded(dump);
            long t1 = BenchTiming.cpu();
            List<FlowSpec> read = read(dump, desired);
            long t2 = BenchTiming.cpu();
            SwitchState actual = SwitchState.of(read, desired.groups().values(), desired.meters().values());
            long t3 = BenchTiming.cpu();
            FlowDiff diff = FlowDiff.between(actual, desired);
            long t4 = BenchTiming.cpu();
            if (!diff.isEmpty() || decoded.size() != read.size()) {
                throw new IllegalStateException("the dump differs from the state it was made of: " + diff);
            }
            long[] steps = {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
            for (int s = 0; s < steps.length; s++) {
                if (round == -rounds) {
                    first[s] = steps[s];
                } else if (round >= 0) {
                    nanos[s][round] = steps[s];
                }
            }
        }
        System.out.printf(Locale.ROOT, "per switch dumped, CPU ms of the thread, %d rounds, load average %.1f:%n", rounds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String[] steps = {"OpenFlowJ decode + FlowSpec.of", "ReportedFlows", "SwitchState.of", "FlowDiff.between"};
        for (int s = 0; s < steps.length; s++) {
            System.out.printf(Locale.ROOT, "  %-32s %s  (first, JIT cold: %.2f)%n", steps[s],
                    BenchTiming.percentiles(nanos[s], rounds), first[s] / 1e6);
        }
    }

    /** The switch's flows as flow-stats reply parts, encoded as a switch sends them. */
    private static List<byte[]> dumpOf(SwitchState state) {
        List<OFFlowStatsEntry> entries = state.flows().values().stream().map(flow -> OF13.buildFlowStatsEntry()
                .setTableId(TableId.of(flow.tableId())).setPriority(flow.priority()).setMatch(flow.match())
                .setInstructions(flow.instructions()).setCookie(flow.cookie()).setIdleTimeout(flow.idleTimeout())
                .setHardTimeout(flow.hardTimeout()).build()).toList();
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += ENTRIES_PER_PART) {
            int to = Math.min(entries.size(), from + ENTRIES_PER_PART);
            ByteBuf wire = Unpooled.buffer();
            OF13.buildFlowStatsReply().setXid(1).setFlags(to < entries.size() ? Set.of(OFStatsReplyFlags.REPLY_MORE)
                    : Set.of()).setEntries(entries.subList(from, to)).build().writeTo(wire);
            byte[] bytes = new byte[wire.readableBytes()];
            wire.readBytes(bytes);
            parts.add(bytes);
        }
        return parts;
    }

    private static List<FlowSpec> decoded(List<byte[]> dump) throws OFParseError {
        List<FlowSpec> flows = new ArrayList<>();
        for (byte[] part : dump) {
            OFFlowStatsReply reply = (OFFlowStatsReply) OF13.getReader().readFrom(Unpooled.wrappedBuffer(part));
            reply.getEntries().forEach(entry -> flows.add(FlowSpec.of(entry)));
        }
        return flows;
    }

    private static List<FlowSpec> read(List<byte[]> dump, SwitchState desired) {
        return dump.stream().map(part -> ReportedFlows.of(Unpooled.wrappedBuffer(part), desired.flows()))
                .flatMap(List::stream).toList();
    }
}
