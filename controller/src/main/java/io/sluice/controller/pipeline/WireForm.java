package io.sluice.controller.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.Writeable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.ver13.OFTypeSerializerVer13;

/**
 * Matches and instructions held as OpenFlow 1.3 encodes them: the compact form of a flow. OpenFlowJ's objects
 * take ~1.5 KB per flow (a map per match, an object per field, action and value); a flow in its encoding
 * takes ~250 bytes, and a controller holds every flow of every switch. Comparing flows compares bytes.
 *
 * <p>Canonical: two matches are equal exactly when their forms are, as a match's fields are a set whose
 * order OpenFlowJ keeps as they were set; so the fields are encoded each alone and put in the order of their
 * bytes. Instructions are a list, encoded in their order. A flow keeps both in one array, its instructions
 * after its match (see {@link FlowSpec}), so the readers take a range.
 */
final class WireForm {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    /** OpenFlow 1.3's ofp_flow_mod up to its match, and ofp_match's type and length (OFPMT_OXM: type 1). */
    private static final int FLOW_MOD_HEADER = 48;
    private static final int MATCH_HEADER = 4;
    private static final int OXM_MATCH = 1;

    private WireForm() {
    }

    static byte[] of(Match match) {
        if (!(match instanceof OFMatchV3 v3)) {
            throw new IllegalArgumentException("not an OpenFlow 1.3 match: " + match);
        }
        List<byte[]> fields = new ArrayList<>();
        for (OFOxm<?> oxm : v3.getOxmList()) {
            fields.add(encode(List.of(oxm)));
        }
        fields.sort(Arrays::compareUnsigned);
        ByteBuf joined = Unpooled.buffer();
        fields.forEach(joined::writeBytes);
        return ByteBufUtil.getBytes(joined);
    }

    static byte[] of(List<OFInstruction> instructions) {
        return encode(instructions);
    }

    /** The match held in {@code form}'s first {@code length} bytes. */
    static Match match(byte[] form, int length) {
        return parse(form, length, form.length).getMatch();
    }

    /** The instructions held in {@code form} from {@code from} on. */
    static List<OFInstruction> instructions(byte[] form, int from) {
        return parse(form, 0, from).getInstructions();
    }

    /**
     * OpenFlowJ reads matches and instructions only within a message (its readers of fields and instructions
     * are not public), so they are read as a flow-add's: the match's fields from {@code form}'s first
     * {@code matchLength} bytes, the instructions from {@code instructionsFrom} on.
     */
    private static OFFlowMod parse(byte[] form, int matchLength, int instructionsFrom) {
        int oxmLength = MATCH_HEADER + matchLength;
        int paddedMatch = (oxmLength + 7) / 8 * 8;
        int instructionsLength = form.length - instructionsFrom;
        int length = FLOW_MOD_HEADER + paddedMatch + instructionsLength;
        ByteBuf message = Unpooled.buffer(length)
                .writeByte(OFVersion.OF_13.getWireVersion()).writeByte(OFTypeSerializerVer13.FLOW_MOD_VAL)
                .writeShort(length).writeInt(0) // xid
                .writeZero(FLOW_MOD_HEADER - 8) // cookie ... flags: zero is an add, and nothing here is read back
                .writeShort(OXM_MATCH).writeShort(oxmLength).writeBytes(form, 0, matchLength)
                .writeZero(paddedMatch - oxmLength)
                .writeBytes(form, instructionsFrom, instructionsLength);
        try {
            return (OFFlowMod) OF13.getReader().readFrom(message);
        } catch (OFParseError e) {
            throw new IllegalStateException("a flow's own encoding does not parse", e);
        }
    }

    private static byte[] encode(List<? extends Writeable> parts) {
        ByteBuf out = Unpooled.buffer();
        parts.forEach(part -> part.writeTo(out));
        return ByteBufUtil.getBytes(out);
    }
}
