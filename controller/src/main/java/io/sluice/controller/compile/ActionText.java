package io.sluice.controller.compile;

import java.util.Locale;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;

/** Actions written as ovs-ofctl does: output:N, output:controller, output:in_port, group:N, mod_dl_dst:MAC. */
final class ActionText {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    /** OFPCML_NO_BUFFER: the whole packet goes to the controller. */
    private static final int WHOLE_PACKET = 0xFFFF;

    private ActionText() {
    }

    static OFAction parse(String text) {
        String[] parts = text.split(":", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("action must be NAME:ARGUMENT, got " + text);
        }
        String argument = parts[1].trim();
        return switch (parts[0].trim().toLowerCase(Locale.ROOT)) {
            case "output" -> output(argument);
            case "group" -> OF13.actions().group(OFGroup.of(MatchFieldText.integer(argument, 0xFFFFFF00L)));
            case "mod_dl_src" -> OF13.actions().setField(OF13.oxms().ethSrc(MacAddress.of(argument)));
            case "mod_dl_dst" -> OF13.actions().setField(OF13.oxms().ethDst(MacAddress.of(argument)));
            default -> throw new IllegalArgumentException("unknown action " + parts[0]);
        };
    }

    private static OFAction output(String port) {
        return switch (port.toLowerCase(Locale.ROOT)) {
            case "controller" -> OF13.actions().output(OFPort.CONTROLLER, WHOLE_PACKET);
            case "in_port" -> OF13.actions().output(OFPort.IN_PORT, 0);
            default -> OF13.actions().output(OFPort.of(MatchFieldText.integer(port, 0xFFFFFF00L)), 0);
        };
    }
}
