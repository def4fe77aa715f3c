package io.sluice.controller.pipeline;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.util.Arrays;
import java.util.List;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;

/**
 * What identifies a flow within a switch, as OpenFlow does for strict modify and delete:
 * table, priority and match. The match is held in its {@link WireForm}, and the hash computed once: diffing
 * 100,000 flows looks each key up several times.
 *
 * <p>A {@link FlowSpec}'s key also carries that flow's instructions, after the match in the same array, so a
 * flow is one array and not two (an array costs 16 bytes before its first, and a controller holds ~100,000
 * flows). They are no part of the key: equality and hash read the match's bytes alone.
 */
public final class FlowKey {
    /**
     * Not {@link Arrays#hashCode}: flows whose fields move in step (port n with MAC n, as a cloud's ports do)
     * differ in a few bytes far apart, and a sum of bytes by powers of 31 collides by the dozen on them.
     */
    private static final HashFunction MATCH_HASH = Hashing.murmur3_32_fixed();

    private final int tableId;
    private final int priority;
    /** The match's encoding, then the instructions' of the flow this key was made for, if any. */
    private final byte[] form;
    private final int matchLength;
    private final int hash;

    public FlowKey(int tableId, int priority, Match match) {
        this(tableId, priority, WireForm.of(match), new byte[0]);
    }

    /** The key of a flow with these encoded instructions, which it carries. */
    FlowKey(int tableId, int priority, byte[] match, byte[] instructions) {
        this.tableId = tableId;
        this.priority = priority;
        this.form = Arrays.copyOf(match, match.length + instructions.length);
        System.arraycopy(instructions, 0, form, match.length, instructions.length);
        this.matchLength = match.length;
        this.hash = (tableId * 31 + priority) * 31 + MATCH_HASH.hashBytes(form, 0, matchLength).asInt();
    }

    public int tableId() {
        return tableId;
    }

    public int priority() {
        return priority;
    }

    /** The match, decoded anew at each call: only flows being sent or shown need it. */
    public Match match() {
        return WireForm.match(form, matchLength);
    }

    /** The instructions carried, decoded anew at each call; none for a key made from a match alone. */
    List<OFInstruction> instructions() {
        return WireForm.instructions(form, matchLength);
    }

    /** Whether the instructions carried are the same bytes as those {@code other} carries. */
    boolean sameInstructions(FlowKey other) {
        return Arrays.equals(form, matchLength, form.length, other.form, other.matchLength, other.form.length);
    }

    /** A hash of the instructions carried. */
    int instructionsHash() {
        int h = 1;
        for (int i = matchLength; i < form.length; i++) {
            h = 31 * h + form[i];
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FlowKey other && hash == other.hash && tableId == other.tableId
                && priority == other.priority
                && Arrays.equals(form, 0, matchLength, other.form, 0, other.matchLength);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Table.describe(tableId) + " priority=" + priority + " " + MatchText.of(match());
    }
}
