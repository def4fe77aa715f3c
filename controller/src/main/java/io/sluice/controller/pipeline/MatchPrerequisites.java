package io.sluice.controller.pipeline;

import java.util.Optional;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;

/**
 * OpenFlow's match prerequisites (an IPv4 field needs eth_type=0x0800, a TCP port ip_proto=6, ...), checked
 * by OpenFlowJ's own rules. A match that lacks them is refused by the switch (BAD_PREREQ), and OpenFlowJ
 * silently hides such fields from {@code getMatchFields()}, which would turn the flow into a wider one: so
 * such a match must never get as far as a flow.
 */
public final class MatchPrerequisites {
    private MatchPrerequisites() {
    }

    /** What the match lacks, e.g. "ipv4_dst needs eth_type in [0x800]"; empty when it is complete. */
    public static Optional<String> missing(Match match) {
        if (!(match instanceof OFMatchV3 oxmMatch)) {
            return Optional.empty();
        }
        for (OFOxm<?> oxm : oxmMatch.getOxmList()) {
            MatchField<?> field = oxm.getMatchField();
            if (!field.arePrerequisitesOK(match)) {
                return Optional.of(field.getName() + " needs " + field.getPrerequisites().stream()
                        .map(p -> p.getMatchField().getName() + " in " + p.getValues())
                        .collect(Collectors.joining(" and ")));
            }
        }
        return Optional.empty();
    }
}
