package io.sluice.controller.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One part of an OpenFlow 1.3 flow-stats reply (a multipart reply of type OFPMP_FLOW), kept as the switch
 * encoded it. A dump is compared against flows held in their encoding, so its entries are read from these bytes
 * (see {@code pipeline.ReportedFlows}): OpenFlowJ would make dozens of objects of every flow of every switch
 * dumped (~6 MB a switch of ~3,900 flows), only for them to be encoded again.
 */
public final class FlowStatsFrame {
    private static final int OF13 = 4;
    private static final int MULTIPART_REPLY = 19;
    private static final int FLOW = 1;
    private static final int REPLY_MORE = 1;
    /** ofp_header, then ofp_multipart_reply's type, flags and padding: where the entries begin. */
    private static final int REPLY_HEADER = 16;

    private final byte[] frame;

    private FlowStatsFrame(byte[] frame) {
        this.frame = frame;
    }

    /** Whether this whole frame is a part of an OpenFlow 1.3 flow-stats reply; reads nothing past its header. */
    static boolean isFlowStatsReply(ByteBuf frame) {
        int at = frame.readerIndex();
        return frame.readableBytes() >= REPLY_HEADER && frame.getUnsignedByte(at) == OF13
                && frame.getUnsignedByte(at + 1) == MULTIPART_REPLY && frame.getUnsignedShort(at + 8) == FLOW;
    }

    /** The frame's bytes from its reader index on, copied. */
    static FlowStatsFrame copyOf(ByteBuf frame) {
        byte[] bytes = new byte[frame.readableBytes()];
        frame.getBytes(frame.readerIndex(), bytes);
        return new FlowStatsFrame(bytes);
    }

    public int version() {
        return frame[0] & 0xFF;
    }

    public long xid() {
        return Integer.toUnsignedLong(content().getInt(4));
    }

    /** Whether the switch said nothing more follows (OFPMPF_REPLY_MORE clear). */
    public boolean isLast() {
        return (content().getUnsignedShort(10) & REPLY_MORE) == 0;
    }

    /** The whole frame, header included (the entries start 16 bytes in), read-only. */
    public ByteBuf content() {
        return Unpooled.wrappedBuffer(frame).asReadOnly();
    }

    @Override
    public String toString() {
        return "FlowStatsFrame(xid=" + xid() + ", length=" + frame.length + (isLast() ? "" : ", more") + ")";
    }
}
