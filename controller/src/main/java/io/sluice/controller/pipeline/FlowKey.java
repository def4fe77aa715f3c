package io.sluice.controller.pipeline;

import java.util.Objects;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;

/**
 * What identifies a flow within a switch, as OpenFlow does for strict modify and delete:
 * table, priority and match. The hash is computed once: a match's hash walks all its fields, and diffing
 * 100,000 flows looks each key up several times.
 */
public final class FlowKey {
    private final int tableId;
    private final int priority;
    private final Match match;
    private final int hash;

    public FlowKey(int tableId, int priority, Match match) {
        this.tableId = tableId;
        this.priority = priority;
        this.match = Objects.requireNonNull(match, "match");
        this.hash = Objects.hash(tableId, priority, hash(match));
    }

    /**
     * A match's own hash adds its fields up almost linearly, so flows whose fields move in step (port n with
     * MAC n, as a cloud's ports do) collide by the dozen: at 10,000 flows a map lookup compared ~60 matches.
     * Each field's hash is mixed before they are added up (in any order: a match's fields are a set).
     */
    private static int hash(Match match) {
        if (!(match instanceof OFMatchV3 v3)) {
            return match.hashCode();
        }
        int sum = 0;
        for (OFOxm<?> oxm : v3.getOxmList()) {
            sum += mix(oxm.hashCode());
        }
        return sum;
    }

    /** MurmurHash3's finalizer: every input bit flips about half the output bits. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ h >>> 16;
    }

    public int tableId() {
        return tableId;
    }

    public int priority() {
        return priority;
    }

    public Match match() {
        return match;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FlowKey other && hash == other.hash && tableId == other.tableId
                && priority == other.priority && match.equals(other.match);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Table.describe(tableId) + " priority=" + priority + " " + MatchText.of(match);
    }
}
