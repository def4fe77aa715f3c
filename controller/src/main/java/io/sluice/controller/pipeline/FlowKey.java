package io.sluice.controller.pipeline;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.util.Arrays;
import org.projectfloodlight.openflow.protocol.match.Match;

/**
 * What identifies a flow within a switch, as OpenFlow does for strict modify and delete:
 * table, priority and match. The match is held in its {@link WireForm}, and the hash computed once: diffing
 * 100,000 flows looks each key up several times.
 *
 * <p>A {@link FlowSpec} holds its key's fields itself, in one object with its instructions after the match in
 * one array (a controller holds ~100,000 flows, and an object costs 12 bytes before its first field); its
 * {@link FlowSpec#key()} is a key made on demand over that array, which equality and hash read only up to the
 * match's end.
 */
public final class FlowKey {
    /**
     * Not {@link Arrays#hashCode}: flows whose fields move in step (port n with MAC n, as a cloud's ports do)
     * differ in a few bytes far apart, and a sum of bytes by powers of 31 collides by the dozen on them.
     */
    private static final HashFunction MATCH_HASH = Hashing.murmur3_32_fixed();

    private final int tableId;
    private final int priority;
    /** The match's encoding, then possibly more (the instructions of the flow this key is of), not read here. */
    private final byte[] form;
    private final int matchLength;
    private final int hash;

    public FlowKey(int tableId, int priority, Match match) {
        this(tableId, priority, WireForm.of(match));
    }

    private FlowKey(int tableId, int priority, byte[] match) {
        this(tableId, priority, match, match.length, hash(tableId, priority, match, match.length));
    }

    /** The key over the first {@code matchLength} bytes of {@code form}, shared, not copied. */
    FlowKey(int tableId, int priority, byte[] form, int matchLength, int hash) {
        this.tableId = tableId;
        this.priority = priority;
        this.form = form;
        this.matchLength = matchLength;
        this.hash = hash;
    }

    /** The hash of the key of this table, priority and match (the first {@code matchLength} bytes of form). */
    static int hash(int tableId, int priority, byte[] form, int matchLength) {
        return (tableId * 31 + priority) * 31 + MATCH_HASH.hashBytes(form, 0, matchLength).asInt();
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

    /** Whether this key is of this table, priority and match (the first {@code matchLength} bytes of form). */
    boolean is(int tableId, int priority, byte[] form, int matchLength) {
        return this.tableId == tableId && this.priority == priority
                && Arrays.equals(this.form, 0, this.matchLength, form, 0, matchLength);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FlowKey other && hash == other.hash
                && is(other.tableId, other.priority, other.form, other.matchLength);
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
