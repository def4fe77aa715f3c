package io.sluice.controller.sim;

import io.sluice.controller.pipeline.FlowSpec;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFValueType;

/**
 * One flow's match as OpenFlow 1.3 reads it: every field it names must equal the packet's (under the mask,
 * for a masked field); a field the packet does not have matches nothing. Built once per flow, when its
 * switch is loaded, so that a field the simulator does not understand fails at once.
 */
record FlowMatcher(FlowSpec flow, List<Condition> conditions) {

    /** One field of the match: the packet's value under {@code mask} (null: exact) must equal {@code value}. */
    record Condition(MatchField<?> field, OFValueType<?> value, OFValueType<?> mask) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        boolean holds(Packet packet) {
            OFValueType actual = HeaderFields.valueOf(packet, field);
            if (actual == null) {
                return false;
            }
            return mask == null ? value.equals(actual) : value.equals(actual.applyMask(mask));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static FlowMatcher of(FlowSpec flow) {
        Match match = flow.match();
        List<Condition> conditions = new ArrayList<>();
        for (MatchField field : match.getMatchFields()) {
            HeaderFields.requireUnderstood(field, flow);
            if (match.isExact(field)) {
                conditions.add(new Condition(field, match.get(field), null));
            } else {
                Masked masked = match.getMasked(field);
                conditions.add(new Condition(field, masked.getValue().applyMask(masked.getMask()), masked.getMask()));
            }
        }
        return new FlowMatcher(flow, List.copyOf(conditions));
    }

    boolean matches(Packet packet) {
        for (Condition condition : conditions) {
            if (!condition.holds(packet)) {
                return false;
            }
        }
        return true;
    }
}
