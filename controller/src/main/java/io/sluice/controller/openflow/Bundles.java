package io.sluice.controller.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * OpenFlow 1.3 bundles, the ONF extension (EXT-230) that OVS implements: experimenter messages OpenFlowJ
 * does not model, so they are built and read here byte by byte.
 *
 * <pre>
 * BUNDLE_CONTROL: ofp_header | experimenter=ONF | exp_type=2300 | bundle_id(4) | type(2) | flags(2)
 * BUNDLE_ADD:     ofp_header | experimenter=ONF | exp_type=2301 | bundle_id(4) | pad(2)  | flags(2) | message
 * </pre>
 * The outer xid of a BUNDLE_ADD must equal its inner message's xid (OVS reports errors by that xid).
 */
public final class Bundles {
    static final int OF13 = 4;
    static final int OFPT_EXPERIMENTER = 4;
    static final long ONF_EXPERIMENTER = 0x4F4E4600L;
    static final int BUNDLE_CONTROL = 2300;
    static final int BUNDLE_ADD_MESSAGE = 2301;
    /** Apply all messages or none. */
    static final int FLAG_ATOMIC = 1;
    /** Apply in the order added. */
    static final int FLAG_ORDERED = 2;
    private static final int CONTROL_LENGTH = 24;

    /** Bundle control message types; each request's reply is the next value. */
    public enum ControlType {
        OPEN_REQUEST, OPEN_REPLY, CLOSE_REQUEST, CLOSE_REPLY, COMMIT_REQUEST, COMMIT_REPLY, DISCARD_REQUEST,
        DISCARD_REPLY
    }

    /** A decoded bundle control message. */
    public record Control(long xid, long bundleId, ControlType type) {
    }

    private Bundles() {
    }

    public static RawOfMessage control(long xid, long bundleId, ControlType type) {
        ByteBuf buf = Unpooled.buffer(CONTROL_LENGTH);
        writeHeader(buf, CONTROL_LENGTH, xid, BUNDLE_CONTROL, bundleId);
        buf.writeShort(type.ordinal());
        buf.writeShort(FLAG_ATOMIC | FLAG_ORDERED);
        return new RawOfMessage(ByteBufUtil.getBytes(buf));
    }

    public static Add add(long bundleId, OFMessage inner) {
        return new Add(bundleId, inner);
    }

    /** A BUNDLE_ADD_MESSAGE, encoded straight into the outbound buffer: bundles carry whole flow tables. */
    public record Add(long bundleId, OFMessage inner) implements OutboundFrame {
        @Override
        public void writeTo(ByteBuf out) {
            int start = out.writerIndex();
            writeHeader(out, 0, inner.getXid(), BUNDLE_ADD_MESSAGE, bundleId);
            out.writeShort(0);
            out.writeShort(FLAG_ATOMIC | FLAG_ORDERED);
            inner.writeTo(out);
            out.setShort(start + 2, out.writerIndex() - start);
        }
    }

    /** The bundle control message this frame carries, if it is one. */
    public static Optional<Control> parseControl(RawOfMessage raw) {
        ByteBuffer b = raw.buffer();
        if (raw.type() != OFPT_EXPERIMENTER || b.remaining() < CONTROL_LENGTH) {
            return Optional.empty();
        }
        long experimenter = b.getInt(8) & 0xFFFFFFFFL;
        int expType = b.getInt(12);
        int type = b.getShort(20) & 0xFFFF;
        if (experimenter != ONF_EXPERIMENTER || expType != BUNDLE_CONTROL || type >= ControlType.values().length) {
            return Optional.empty();
        }
        return Optional.of(new Control(raw.xid(), b.getInt(16) & 0xFFFFFFFFL, ControlType.values()[type]));
    }

    private static void writeHeader(ByteBuf buf, int length, long xid, int expType, long bundleId) {
        buf.writeByte(OF13);
        buf.writeByte(OFPT_EXPERIMENTER);
        buf.writeShort(length);
        buf.writeInt((int) xid);
        buf.writeInt((int) ONF_EXPERIMENTER);
        buf.writeInt(expType);
        buf.writeInt((int) bundleId);
    }
}
