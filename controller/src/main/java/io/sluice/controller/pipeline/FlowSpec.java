package io.sluice.controller.pipeline;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFInstructionType;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.U64;

/**
 * One flow as Sluice wants it (or as a switch reported it), in a canonical form: two specs are equal
 * exactly when the switch would hold the same flow. Canonical means what Open vSwitch hands back in a flow
 * dump: masks that cover the whole field are dropped, masked values have the mask applied, empty
 * apply-actions are dropped and instructions are in OpenFlow's execution order. Without this, a flow read
 * back from the switch would differ from the desired one and be rewritten for nothing.
 */
public record FlowSpec(int tableId, int priority, Match match, List<OFInstruction> instructions, U64 cookie,
                       int idleTimeout, int hardTimeout) {

    /** OpenFlow 1.3's instruction execution order, which is also the order OVS encodes them in. */
    private static final List<OFInstructionType> INSTRUCTION_ORDER = List.of(
            OFInstructionType.METER, OFInstructionType.APPLY_ACTIONS, OFInstructionType.CLEAR_ACTIONS,
            OFInstructionType.WRITE_ACTIONS, OFInstructionType.WRITE_METADATA, OFInstructionType.GOTO_TABLE,
            OFInstructionType.EXPERIMENTER);

    public FlowSpec {
        if (tableId < 0 || tableId > 254) {
            throw new IllegalArgumentException("table id out of range: " + tableId);
        }
        if (priority < 0 || priority > 0xFFFF) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        Objects.requireNonNull(cookie, "cookie");
        MatchPrerequisites.missing(Objects.requireNonNull(match, "match")).ifPresent(missing -> {
            throw new IllegalArgumentException("match lacks a prerequisite: " + missing);
        });
        match = canonical(match);
        instructions = canonical(Objects.requireNonNull(instructions, "instructions"));
    }

    /** A flow Sluice wants, in one of its own tables, with no timeouts. */
    public static FlowSpec of(Table table, Priority priority, Match match, List<OFInstruction> instructions,
                              FlowCookie cookie) {
        return new FlowSpec(table.id(), priority.value(), match, instructions, cookie.toU64(), 0, 0);
    }

    /** A flow as a switch reported it in a flow-stats reply. */
    public static FlowSpec of(OFFlowStatsEntry entry) {
        return new FlowSpec(entry.getTableId().getValue(), entry.getPriority(), entry.getMatch(),
                entry.getInstructions(), entry.getCookie(), entry.getIdleTimeout(), entry.getHardTimeout());
    }

    public FlowKey key() {
        return new FlowKey(tableId, priority, match);
    }

    /** True when only the instructions differ, which a strict modify can fix without resetting counters. */
    public boolean differsOnlyInInstructions(FlowSpec other) {
        return key().equals(other.key()) && cookie.equals(other.cookie) && idleTimeout == other.idleTimeout
                && hardTimeout == other.hardTimeout && !instructions.equals(other.instructions);
    }

    @Override
    public String toString() {
        return key() + " cookie=" + FlowCookie.parse(cookie).map(Object::toString).orElse(cookie.toString())
                + " instructions=" + instructions;
    }

    private static Match canonical(Match match) {
        Match.Builder builder = match.createBuilder();
        for (MatchField<?> field : match.getMatchFields()) {
            copyField(match, field, builder);
        }
        return builder.build();
    }

    private static <F extends OFValueType<F>> void copyField(Match from, MatchField<F> field, Match.Builder to) {
        if (from.isExact(field)) {
            to.setExact(field, from.get(field));
        } else if (from.isPartiallyMasked(field)) {
            var masked = from.getMasked(field);
            to.setMasked(field, masked.getValue().applyMask(masked.getMask()), masked.getMask());
        }
    }

    private static List<OFInstruction> canonical(List<OFInstruction> instructions) {
        return instructions.stream()
                .filter(i -> !(i instanceof OFInstructionApplyActions apply && apply.getActions().isEmpty()))
                .sorted(Comparator.comparingInt(i -> INSTRUCTION_ORDER.indexOf(i.getType())))
                .toList();
    }
}
