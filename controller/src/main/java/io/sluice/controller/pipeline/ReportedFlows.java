package io.sluice.controller.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * The flows of a flow-stats reply, read from the switch's encoding. A dump is compared with a desired state whose
 * flows are held in their encoding ({@link WireForm}), so an entry whose table, priority, match fields (in any
 * order), instructions, cookie and timeouts are byte for byte those of the desired flow under its key is that very
 * {@link FlowSpec}: nothing decoded, nothing kept but the desired flow. Any other entry (a flow not desired, one
 * that drifted, or one encoded otherwise yet equivalent, such as a mask over a whole field) is decoded by OpenFlowJ
 * and made canonical as {@link FlowSpec#of(org.projectfloodlight.openflow.protocol.OFFlowStatsEntry)} does, so
 * the result is the same as decoding every entry, only cheaper where the switch holds what it should.
 *
 * <p>Sound because a desired flow's encoding decodes back to that flow (flows are sent decoded from it): equal
 * bytes are an equal flow. Bytes that differ say nothing, so such entries take the decoding path.
 */
public final class ReportedFlows {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    /** ofp_header and ofp_multipart_reply's type, flags and padding: before a reply's first entry. */
    private static final int REPLY_HEADER = 16;
    /** ofp_flow_stats up to its match; the match's type and length; an OXM field's header. */
    private static final int ENTRY_HEADER = 48;
    private static final int MATCH_HEADER = 4;
    private static final int OXM_HEADER = 4;
    private static final int OXM_MATCH = 1;
    private static final int MULTIPART_REPLY = 19;
    private static final int FLOW = 1;

    private ReportedFlows() {
    }

    /**
     * The flows of one part of a flow-stats reply: the whole OpenFlow 1.3 frame, its entries from
     * {@code REPLY_HEADER} on.
     *
     * @param expected the flows the switch should hold, by key: an entry encoded as its flow is that flow
     * @throws IllegalArgumentException when an entry's lengths do not fit the frame or OpenFlowJ cannot read it
     */
    public static List<FlowSpec> of(ByteBuf reply, Map<FlowKey, FlowSpec> expected) {
        int end = reply.writerIndex();
        int at = reply.readerIndex() + REPLY_HEADER;
        List<FlowSpec> flows = new ArrayList<>();
        while (at < end) {
            int length = reply.getUnsignedShort(at);
            if (length < ENTRY_HEADER + MATCH_HEADER || at + length > end) {
                throw new IllegalArgumentException("flow-stats entry of " + length + " bytes at " + at + " in a "
                        + "reply of " + end);
            }
            flows.add(entry(reply.slice(at, length), expected));
            at += length;
        }
        return flows;
    }

    private static FlowSpec entry(ByteBuf entry, Map<FlowKey, FlowSpec> expected) {
        FlowSpec same = sameAsExpected(entry, expected);
        return same != null ? same : decoded(entry);
    }

    /** The expected flow the entry is encoded as, or null (including when the entry is not in plain OXM form). */
    private static FlowSpec sameAsExpected(ByteBuf entry, Map<FlowKey, FlowSpec> expected) {
        int matchType = entry.getUnsignedShort(ENTRY_HEADER);
        int matchLength = entry.getUnsignedShort(ENTRY_HEADER + 2) - MATCH_HEADER;
        int instructionsFrom = ENTRY_HEADER + (MATCH_HEADER + matchLength + 7) / 8 * 8;
        if (matchType != OXM_MATCH || matchLength < 0 || instructionsFrom > entry.writerIndex()) {
            return null;
        }
        byte[] form = sortedMatch(entry, ENTRY_HEADER + MATCH_HEADER, matchLength,
                entry.writerIndex() - instructionsFrom);
        if (form == null) {
            return null;
        }
        entry.getBytes(instructionsFrom, form, matchLength, form.length - matchLength);
        int tableId = entry.getUnsignedByte(2);
        int priority = entry.getUnsignedShort(12);
        FlowKey key = new FlowKey(tableId, priority, form, matchLength,
                FlowKey.hash(tableId, priority, form, matchLength));
        FlowSpec want = expected.get(key);
        boolean same = want != null && want.isEncodedAs(tableId, priority, form, matchLength, entry.getLong(24),
                entry.getUnsignedShort(14), entry.getUnsignedShort(16));
        return same ? want : null;
    }

    /**
     * The match's OXM fields in the order of their bytes, as {@link WireForm} keeps them, followed by
     * {@code room} bytes for the instructions; null when the fields do not tile the match exactly.
     */
    private static byte[] sortedMatch(ByteBuf entry, int from, int length, int room) {
        List<byte[]> fields = new ArrayList<>(8);
        int at = from;
        int end = from + length;
        while (at < end) {
            if (at + OXM_HEADER > end) {
                return null;
            }
            int fieldLength = OXM_HEADER + entry.getUnsignedByte(at + 3);
            if (at + fieldLength > end) {
                return null;
            }
            byte[] field = new byte[fieldLength];
            entry.getBytes(at, field);
            fields.add(field);
            at += fieldLength;
        }
        fields.sort(Arrays::compareUnsigned);
        byte[] form = new byte[length + room];
        int to = 0;
        for (byte[] field : fields) {
            System.arraycopy(field, 0, form, to, field.length);
            to += field.length;
        }
        return form;
    }

    /** The entry decoded by OpenFlowJ, which reads entries only within a reply: it is read as a reply of one. */
    private static FlowSpec decoded(ByteBuf entry) {
        int length = REPLY_HEADER + entry.readableBytes();
        ByteBuf reply = Unpooled.buffer(length).writeByte(OFVersion.OF_13.getWireVersion()).writeByte(MULTIPART_REPLY)
                .writeShort(length).writeInt(0) // xid
                .writeShort(FLOW).writeZero(REPLY_HEADER - 10) // flags and padding
                .writeBytes(entry, entry.readerIndex(), entry.readableBytes());
        OFMessage message;
        try {
            message = OF13.getReader().readFrom(reply);
        } catch (OFParseError | RuntimeException e) {
            throw new IllegalArgumentException("unreadable flow-stats entry: " + e.getMessage(), e);
        }
        if (!(message instanceof OFFlowStatsReply stats) || stats.getEntries().size() != 1) {
            throw new IllegalArgumentException("unreadable flow-stats entry: read as " + message);
        }
        return FlowSpec.of(stats.getEntries().get(0));
    }
}
