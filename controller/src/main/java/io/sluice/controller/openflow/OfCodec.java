package io.sluice.controller.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;

/** The three codec stages of an OpenFlow channel: framing, decoding, encoding. */
public final class OfCodec {
    /** OpenFlow's length field covers the whole message and is 16 bits wide. */
    private static final int MAX_FRAME = 0xFFFF;

    private OfCodec() {
    }

    /** Splits the byte stream into whole OpenFlow messages by the header's length field. */
    public static LengthFieldBasedFrameDecoder frameDecoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME, 2, 2, -4, 0);
    }

    /**
     * Decodes one frame into an {@link OFMessage}, or a {@link RawOfMessage} when OpenFlowJ cannot parse it; a
     * part of a flow-stats reply is kept as its bytes, a {@link FlowStatsFrame}. A frame too short to be an OpenFlow message is a protocol violation: the channel is closed by the
     * exception this raises.
     */
    public static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        private final OFMessageReader<OFMessage> reader = OFFactories.getGenericReader();

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
            if (frame.readableBytes() < RawOfMessage.HEADER_LENGTH) {
                throw new CorruptedFrameException("OpenFlow frame of " + frame.readableBytes() + " bytes");
            }
            if (FlowStatsFrame.isFlowStatsReply(frame)) {
                out.add(FlowStatsFrame.copyOf(frame));
                frame.readerIndex(frame.writerIndex());
                return;
            }
            int start = frame.readerIndex();
            try {
                OFMessage message = reader.readFrom(frame);
                if (message == null) {
                    throw new CorruptedFrameException("incomplete OpenFlow message in a whole frame");
                }
                out.add(message);
            } catch (OFParseError | RuntimeException unparsed) {
                out.add(new RawOfMessage(ByteBufUtil.getBytes(frame, start, frame.writerIndex() - start)));
            } finally {
                frame.readerIndex(frame.writerIndex());
            }
        }
    }

    /** Writes one outbound message, an {@link OFMessage} or an {@link OutboundFrame}. */
    static void encode(Object message, ByteBuf out) {
        if (message instanceof OFMessage m) {
            m.writeTo(out);
        } else {
            ((OutboundFrame) message).writeTo(out);
        }
    }

    /** Encodes {@link OFMessage}s and {@link OutboundFrame}s; ByteBufs already encoded pass through. */
    public static final class Encoder extends MessageToByteEncoder<Object> {
        @Override
        public boolean acceptOutboundMessage(Object msg) {
            return msg instanceof OFMessage || msg instanceof OutboundFrame;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
            OfCodec.encode(msg, out);
        }
    }
}
