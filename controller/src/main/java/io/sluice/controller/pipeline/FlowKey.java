package io.sluice.controller.pipeline;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.util.Arrays;
import org.projectfloodlight.openflow.protocol.match.Match;

/**
 * What identifies a flow within a switch, as OpenFlow does for strict modify and delete:
 * table, priority and match. The match is held in its {@link WireForm}, and the hash computed once: diffing
 * 100,000 flows looks each key up several times.
 */
public final class FlowKey {
    /**
     * Not {@link Arrays#hashCode}: flows whose fields move in step (port n with MAC n, as a cloud's ports do)
     * differ in a few bytes far apart, and a sum of bytes by powers of 31 collides by the dozen on them.
     */
    private static final HashFunction MATCH_HASH = Hashing.murmur3_32_fixed();

    private final int tableId;
    private final int priority;
    private final byte[] match;
    private final int hash;

    public FlowKey(int tableId, int priority, Match match) {
        this.tableId = tableId;
        this.priority = priority;
        this.match = WireForm.of(match);
        this.hash = (tableId * 31 + priority) * 31 + MATCH_HASH.hashBytes(this.match).asInt();
    }

    public int tableId() {
        return tableId;
    }

    public int priority() {
        return priority;
    }

    /** The match, decoded anew at each call: only flows being sent or shown need it. */
    public Match match() {
        return WireForm.match(match);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FlowKey other && hash == other.hash && tableId == other.tableId
                && priority == other.priority && Arrays.equals(match, other.match);
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
