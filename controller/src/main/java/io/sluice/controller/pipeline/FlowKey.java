package io.sluice.controller.pipeline;

import java.util.Objects;
import org.projectfloodlight.openflow.protocol.match.Match;

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
        this.hash = Objects.hash(tableId, priority, match);
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
