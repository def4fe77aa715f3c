package io.sluice.controller.sim;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.Table;
import io.sluice.controller.reconcile.SwitchState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteMetadata;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * One switch's flow and group tables, evaluated as OVS does for what Sluice uses. Per table the
 * highest-priority matching flow wins (two at one priority that would act differently fail the test: OVS
 * would pick either); apply-actions run in order, then write_metadata, then goto_table, and a flow without
 * goto ends the pipeline. A table with no matching flow at all fails the test: Sluice's pipeline gives
 * every table a table-miss flow. A meter lets everything through (rates are not simulated) but must exist
 * on the switch, as OVS refuses a flow naming a missing meter. An ALL group runs each bucket on its own
 * copy. Output to the packet's own in_port is dropped unless it is OFPP_IN_PORT. dec_ttl to zero drops the packet (as an {@link Expired}).
 */
final class SwitchTables {
    /** What leaves the pipeline: a copy out of a port, to the controller, or dropped for its TTL. */
    sealed interface Emission {
    }

    record Output(int ofport, Packet packet) implements Emission {
    }

    record ToController(U64 cookie, Packet packet) implements Emission {
    }

    record Expired(Packet packet) implements Emission {
    }

    /** A flow a packet hit, for the trace a failing test prints. */
    record Step(String host, FlowSpec flow, Packet packet) {
        @Override
        public String toString() {
            return host + " " + Table.describe(flow.tableId()) + " priority " + flow.priority() + " " + flow
                    + "\n      on " + packet;
        }
    }

    private final String host;
    private final Map<Integer, List<FlowMatcher>> tables = new TreeMap<>();
    private final Map<Long, GroupSpec> groups;
    private final SwitchState state;

    SwitchTables(String host, SwitchState state) {
        this.host = host;
        state.flows().values().stream().sorted(Comparator.comparingInt(FlowSpec::priority).reversed())
                .forEach(flow -> tables.computeIfAbsent(flow.tableId(), t -> new ArrayList<>())
                        .add(FlowMatcher.of(flow)));
        this.groups = state.groups();
        this.state = state;
        groups.values().forEach(group -> {
            if (group.type() != OFGroupType.ALL) {
                throw new AssertionError("simulator runs ALL groups only: " + group);
            }
        });
    }

    /** Runs a packet that entered the switch (in_port and metadata set) through the pipeline. */
    List<Emission> process(Packet entering, Consumer<Step> trace) {
        List<Emission> emissions = new ArrayList<>();
        Packet packet = entering;
        int table = Table.CLASSIFY.id();
        while (true) {
            FlowSpec flow = lookup(table, packet);
            trace.accept(new Step(host, flow, packet));
            Integer next = null;
            for (OFInstruction instruction : flow.instructions()) {
                if (instruction instanceof OFInstructionApplyActions apply) {
                    Optional<Packet> after = run(flow, apply.getActions(), packet, emissions);
                    if (after.isEmpty()) {
                        return emissions;
                    }
                    packet = after.get();
                } else if (instruction instanceof OFInstructionWriteMetadata write) {
                    long mask = write.getMetadataMask().getValue();
                    long old = packet.get(MatchField.METADATA).getValue().getValue();
                    packet = packet.with(MatchField.METADATA,
                            OFMetadata.ofRaw(old & ~mask | write.getMetadata().getValue() & mask));
                } else if (instruction instanceof OFInstructionGotoTable go) {
                    next = (int) go.getTableId().getValue();
                } else if (instruction instanceof OFInstructionMeter meter) {
                    requireMeter(meter.getMeterId(), flow);
                } else {
                    throw new AssertionError("simulator does not know instruction " + instruction + " in " + flow);
                }
            }
            if (next == null) {
                return emissions;
            }
            requireAllowedGoto(table, next, flow);
            table = next;
        }
    }

    private void requireMeter(long meterId, FlowSpec flow) {
        if (!state.meters().containsKey(meterId)) {
            throw new AssertionError("flow names meter " + meterId + ", which " + host + " lacks: " + flow);
        }
    }

    private static void requireAllowedGoto(int from, int to, FlowSpec flow) {
        Table target = Table.byId(to).orElseThrow(() -> new AssertionError("goto a table outside the pipeline: "
                + flow));
        if (Table.byId(from).map(t -> !t.allowedGotos().contains(target)).orElse(to <= from)) {
            throw new AssertionError("goto " + target + " is not allowed from " + Table.describe(from) + ": " + flow);
        }
    }

    private FlowSpec lookup(int table, Packet packet) {
        FlowMatcher hit = null;
        for (FlowMatcher candidate : tables.getOrDefault(table, List.of())) {
            if (hit != null && candidate.flow().priority() < hit.flow().priority()) {
                break;
            }
            if (candidate.matches(packet)) {
                if (hit == null) {
                    hit = candidate;
                } else if (!hit.flow().instructions().equals(candidate.flow().instructions())) {
                    throw new AssertionError(host + ": two flows at one priority match " + packet + ":\n  "
                            + hit.flow() + "\n  " + candidate.flow());
                }
            }
        }
        if (hit == null) {
            throw new AssertionError(host + " " + Table.describe(table) + " has no flow for " + packet
                    + " (not even a table-miss flow)");
        }
        return hit.flow();
    }

    /** The packet after the actions, or empty when they dropped it (TTL expired). */
    private Optional<Packet> run(FlowSpec flow, List<OFAction> actions, Packet start, List<Emission> emissions) {
        Packet packet = start;
        for (OFAction action : actions) {
            if (action instanceof OFActionOutput output) {
                output(flow, output.getPort(), packet, emissions);
            } else if (action instanceof OFActionGroup group) {
                GroupSpec spec = groups.get(group.getGroup().getGroupNumber() & 0xFFFFFFFFL);
                if (spec == null) {
                    throw new AssertionError(host + " has no group " + group.getGroup() + " for " + flow);
                }
                for (OFBucket bucket : spec.buckets()) {
                    run(flow, bucket.getActions(), packet, emissions);
                }
            } else {
                packet = HeaderRewrites.apply(action, packet)
                        .orElseThrow(() -> new AssertionError("simulator does not know action " + action + " in "
                                + flow));
                if (HeaderRewrites.decrementsTtl(action) && packet.ipTtl() == 0) {
                    emissions.add(new Expired(packet));
                    return Optional.empty();
                }
            }
        }
        return Optional.of(packet);
    }

    private void output(FlowSpec flow, OFPort port, Packet packet, List<Emission> emissions) {
        OFPort inPort = packet.get(MatchField.IN_PORT);
        if (port.equals(OFPort.CONTROLLER)) {
            emissions.add(new ToController(flow.cookie(), packet));
        } else if (port.equals(OFPort.IN_PORT)) {
            emissions.add(new Output(inPort.getPortNumber(), packet));
        } else if (port.equals(inPort)) {
            return; // OVS never sends a packet back out of its in_port unless told OFPP_IN_PORT
        } else if (port.getPortNumber() <= 0 || Integer.compareUnsigned(port.getPortNumber(),
                OFPort.MAX.getPortNumber()) > 0) {
            throw new AssertionError("simulator does not model output to " + port + " in " + flow);
        } else {
            emissions.add(new Output(port.getPortNumber(), packet));
        }
    }
}
