package io.sluice.controller.pipeline;

import java.util.StringJoiner;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;

/** Renders a match the way ovs-ofctl does, field=value[/mask], for logs and test dumps. */
public final class MatchText {
    private MatchText() {
    }

    public static String of(Match match) {
        StringJoiner text = new StringJoiner(",", "", "");
        for (MatchField<?> field : match.getMatchFields()) {
            text.add(field.getName() + "=" + valueOf(match, field));
        }
        String fields = text.toString();
        return fields.isEmpty() ? "*" : fields;
    }

    private static String valueOf(Match match, MatchField<?> field) {
        return match.isExact(field) ? String.valueOf(match.get(field)) : String.valueOf(match.getMasked(field));
    }
}
