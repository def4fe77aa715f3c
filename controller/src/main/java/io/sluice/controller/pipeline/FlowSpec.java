package io.sluice.controller.pipeline;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFInstructionType;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.U64;

/**
 * One flow as Sluice wants it (or as a switch reported it), in a canonical form: two specs are equal
 * exactly when the switch would hold the same flow. Canonical means what Open vSwitch hands back in a flow
 * dump: masks that cover the whole field are dropped, masked values have the mask applied, empty
 * apply-actions are dropped and instructions are in OpenFlow's execution order. Without this, a flow read
 * back from the switch would differ from the desired one and be rewritten for nothing. Held in its
 * {@link WireForm}, a sixth of the size of OpenFlowJ's objects, and decoded when a flow is sent or shown.
 */
public final class FlowSpec {

    /** OpenFlow 1.3's instruction execution order, which is also the order OVS encodes them in. */
    private static final List<OFInstructionType> INSTRUCTION_ORDER = List.of(
            OFInstructionType.METER, OFInstructionType.APPLY_ACTIONS, OFInstructionType.CLEAR_ACTIONS,
            OFInstructionType.WRITE_ACTIONS, OFInstructionType.WRITE_METADATA, OFInstructionType.GOTO_TABLE,
            OFInstructionType.EXPERIMENTER);

    /** The table in the high 16 bits, the priority in the low: one field for both saves 8 bytes a flow. */
    private final int tableAndPriority;
    /** The match's encoding, then the instructions': a flow is one array (see {@link FlowKey}). */
    private final byte[] form;
    private final int matchLength;
    /**
     * The key's hash, computed once: diffs and the state tables look flows up by key, and a state table orders
     * its flows by it.
     */
    private final int keyHash;
    private final long cookie;
    /** The idle timeout in the high 16 bits, the hard one in the low: OpenFlow's are 16 bits, one field saves 8 bytes. */
    private final int timeouts;

    public FlowSpec(int tableId, int priority, Match match, List<OFInstruction> instructions, U64 cookie,
                    int idleTimeout, int hardTimeout) {
        if (tableId < 0 || tableId > 254) {
            throw new IllegalArgumentException("table id out of range: " + tableId);
        }
        if (priority < 0 || priority > 0xFFFF) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        this.cookie = Objects.requireNonNull(cookie, "cookie").getValue();
        MatchPrerequisites.missing(Objects.requireNonNull(match, "match")).ifPresent(missing -> {
            throw new IllegalArgumentException("match lacks a prerequisite: " + missing);
        });
        if (idleTimeout < 0 || idleTimeout > 0xFFFF || hardTimeout < 0 || hardTimeout > 0xFFFF) {
            throw new IllegalArgumentException("timeouts out of range: idle " + idleTimeout + ", hard " + hardTimeout);
        }
        byte[] matchForm = WireForm.of(canonical(match));
        byte[] instructionsForm = WireForm.of(canonical(Objects.requireNonNull(instructions, "instructions")));
        this.form = Arrays.copyOf(matchForm, matchForm.length + instructionsForm.length);
        System.arraycopy(instructionsForm, 0, form, matchForm.length, instructionsForm.length);
        this.matchLength = matchForm.length;
        this.tableAndPriority = tableId << 16 | priority;
        this.keyHash = FlowKey.hash(tableId, priority, form, matchLength);
        this.timeouts = idleTimeout << 16 | hardTimeout;
    }

    /** A flow Sluice wants, in one of its own tables, with no timeouts. */
    public static FlowSpec of(Table table, Priority priority, Match match, List<OFInstruction> instructions,
                              FlowCookie cookie) {
        return new FlowSpec(table.id(), priority.value(), match, instructions, cookie.toU64(), 0, 0);
    }

    /**
     * A flow ordered within its band, e.g. a route by its prefix length.
     *
     * @param withinBand 0..99: how far above the band's own priority
     */
    public static FlowSpec of(Table table, Priority band, int withinBand, Match match, List<OFInstruction> instructions,
                              FlowCookie cookie) {
        if (withinBand < 0 || withinBand > 99) {
            throw new IllegalArgumentException("priority within a band must be 0..99, got " + withinBand);
        }
        return new FlowSpec(table.id(), band.value() + withinBand, match, instructions, cookie.toU64(), 0, 0);
    }

    /** A flow as a switch reported it in a flow-stats reply. */
    public static FlowSpec of(OFFlowStatsEntry entry) {
        return new FlowSpec(entry.getTableId().getValue(), entry.getPriority(), entry.getMatch(),
                entry.getInstructions(), entry.getCookie(), entry.getIdleTimeout(), entry.getHardTimeout());
    }

    /** The flow's key, made anew at each call over the flow's own array. */
    public FlowKey key() {
        return new FlowKey(tableId(), priority(), form, matchLength, keyHash);
    }

    /** The hash of {@link #key()}, without making the key. */
    public int keyHash() {
        return keyHash;
    }

    /** Whether {@code key} is this flow's, without making this flow's key. */
    public boolean hasKey(FlowKey key) {
        return key.hashCode() == keyHash && key.is(tableId(), priority(), form, matchLength);
    }

    public int tableId() {
        return tableAndPriority >>> 16;
    }

    public int priority() {
        return tableAndPriority & 0xFFFF;
    }

    public Match match() {
        return WireForm.match(form, matchLength);
    }

    /** The instructions, decoded anew at each call: only flows being sent or shown need them. */
    public List<OFInstruction> instructions() {
        return WireForm.instructions(form, matchLength);
    }

    public U64 cookie() {
        return U64.of(cookie);
    }

    public int idleTimeout() {
        return timeouts >>> 16;
    }

    public int hardTimeout() {
        return timeouts & 0xFFFF;
    }

    /** True when only the instructions differ, which a strict modify can fix without resetting counters. */
    public boolean differsOnlyInInstructions(FlowSpec other) {
        return sameKey(other) && cookie == other.cookie && timeouts == other.timeouts && !sameInstructions(other);
    }

    /**
     * Whether this flow is encoded exactly as given: table, priority, match then instructions in {@code form} (the
     * match's first {@code matchLength} bytes, its fields in {@link WireForm}'s order), cookie and timeouts.
     */
    boolean isEncodedAs(int tableId, int priority, byte[] form, int matchLength, long cookie, int idleTimeout,
                        int hardTimeout) {
        return tableAndPriority == (tableId << 16 | priority) && this.matchLength == matchLength
                && this.cookie == cookie && timeouts == (idleTimeout << 16 | hardTimeout)
                && Arrays.equals(this.form, form);
    }

    private boolean sameKey(FlowSpec other) {
        return keyHash == other.keyHash && tableAndPriority == other.tableAndPriority
                && Arrays.equals(form, 0, matchLength, other.form, 0, other.matchLength);
    }

    private boolean sameInstructions(FlowSpec other) {
        return Arrays.equals(form, matchLength, form.length, other.form, other.matchLength, other.form.length);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FlowSpec other && sameKey(other) && cookie == other.cookie
                && timeouts == other.timeouts && sameInstructions(other);
    }

    /** Computed at each call (not kept: 4 bytes a flow); the state tables keep their sums. */
    @Override
    public int hashCode() {
        int instructionsHash = 1;
        for (int i = matchLength; i < form.length; i++) {
            instructionsHash = 31 * instructionsHash + form[i];
        }
        return ((keyHash * 31 + instructionsHash) * 31 + Long.hashCode(cookie)) * 31 + timeouts;
    }

    @Override
    public String toString() {
        return key() + " cookie=" + FlowCookie.parse(cookie()).map(Object::toString).orElse(cookie().toString())
                + " instructions=" + instructions();
    }

    private static Match canonical(Match match) {
        if (isCanonical(match)) {
            return match; // as compilers build nearly every match: rebuilding it was a fifth of a compile
        }
        Match.Builder builder = match.createBuilder();
        for (MatchField<?> field : match.getMatchFields()) {
            copyField(match, field, builder);
        }
        return builder.build();
    }

    private static boolean isCanonical(Match match) {
        if (!(match instanceof OFMatchV3 v3)) {
            return false;
        }
        for (OFOxm<?> oxm : v3.getOxmList()) {
            if (oxm.isMasked() && !isCanonicalMasked(match, oxm)) {
                return false;
            }
        }
        return true;
    }

    private static <F extends OFValueType<F>> boolean isCanonicalMasked(Match match, OFOxm<F> oxm) {
        return match.isPartiallyMasked(oxm.getMatchField())
                && oxm.getValue().applyMask(oxm.getMask()).equals(oxm.getValue());
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
