package io.sluice.controller.pipeline;

import org.projectfloodlight.openflow.protocol.match.Match;

/**
 * What identifies a flow within a switch, as OpenFlow does for strict modify and delete:
 * table, priority and match.
 */
public record FlowKey(int tableId, int priority, Match match) {
    @Override
    public String toString() {
        return Table.describe(tableId) + " priority=" + priority + " " + MatchText.of(match);
    }
}
