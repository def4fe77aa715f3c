package io.sluice.controller.openflow;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * An error a switch sent, with the request that caused it when Sluice still knows it.
 *
 * @param xid         the xid of the request the error answers
 * @param description the error, e.g. "BAD_MATCH/BAD_PREREQ" or "ONF bundle MSG_FAILED"
 * @param cause       the request, if it was still tracked
 */
public record SwitchError(long xid, String description, Optional<Object> cause) {
    private static final int OFPT_ERROR = 1;
    private static final int OFPET_EXPERIMENTER = 0xFFFF;
    /** ONF bundle error codes (EXT-230), as OVS sends them in OpenFlow 1.3. */
    private static final Map<Integer, String> ONF_BUNDLE_CODES = Map.ofEntries(
            Map.entry(2300, "UNKNOWN"), Map.entry(2301, "EPERM"), Map.entry(2302, "BAD_ID"),
            Map.entry(2303, "BUNDLE_EXIST"), Map.entry(2304, "BUNDLE_CLOSED"), Map.entry(2305, "OUT_OF_BUNDLES"),
            Map.entry(2306, "BAD_TYPE"), Map.entry(2307, "BAD_FLAGS"), Map.entry(2308, "MSG_BAD_LEN"),
            Map.entry(2309, "MSG_BAD_XID"), Map.entry(2310, "MSG_UNSUP"), Map.entry(2311, "MSG_CONFLICT"),
            Map.entry(2312, "MSG_TOO_MANY"), Map.entry(2313, "MSG_FAILED"), Map.entry(2314, "TIMEOUT"),
            Map.entry(2315, "BUNDLE_IN_PROGRESS"));

    public static SwitchError of(OFErrorMsg error, Optional<Object> cause) {
        String text = error.toString();
        return new SwitchError(error.getXid(), text, cause);
    }

    /** The error a raw frame carries, if it is an OFPT_ERROR OpenFlowJ could not parse. */
    public static Optional<SwitchError> of(RawOfMessage raw, Optional<Object> cause) {
        if (raw.type() != OFPT_ERROR || raw.length() < 12) {
            return Optional.empty();
        }
        ByteBuffer b = raw.buffer();
        int type = b.getShort(8) & 0xFFFF;
        int code = b.getShort(10) & 0xFFFF;
        String text;
        if (type == OFPET_EXPERIMENTER && b.remaining() >= 16
                && (b.getInt(12) & 0xFFFFFFFFL) == Bundles.ONF_EXPERIMENTER) {
            text = "ONF bundle error " + ONF_BUNDLE_CODES.getOrDefault(code, String.valueOf(code));
        } else {
            text = "error type " + type + " code " + code;
        }
        return Optional.of(new SwitchError(raw.xid(), text, cause));
    }

    @Override
    public String toString() {
        return description + " (xid " + xid + cause.map(c -> ", caused by " + describe(c)).orElse("") + ")";
    }

    private static String describe(Object request) {
        return request instanceof OFMessage m ? m.getType() + " " + m : String.valueOf(request);
    }
}
