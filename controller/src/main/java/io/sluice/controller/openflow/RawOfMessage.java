package io.sluice.controller.openflow;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * An OpenFlow frame OpenFlowJ could not parse, kept whole. OVS's OpenFlow 1.3 bundle replies and bundle
 * errors (ONF experimenter messages) arrive this way; the session still completes the request they answer
 * by xid. Also what Sluice sends for small messages OpenFlowJ cannot build (bundle control).
 */
public record RawOfMessage(byte[] bytes) implements OutboundFrame {
    public static final int HEADER_LENGTH = 8;

    public RawOfMessage {
        if (bytes.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("OpenFlow frame shorter than its header: " + bytes.length);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    public int length() {
        return bytes.length;
    }

    public int version() {
        return bytes[0] & 0xFF;
    }

    public int type() {
        return bytes[1] & 0xFF;
    }

    public long xid() {
        return ByteBuffer.wrap(bytes, 4, 4).getInt() & 0xFFFFFFFFL;
    }

    /** The frame as a read-only big-endian buffer, for decoding fields past the header. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    @Override
    public String toString() {
        return "RawOfMessage(version=" + version() + ", type=" + type() + ", xid=" + xid() + ", length="
                + bytes.length + ")";
    }
}
