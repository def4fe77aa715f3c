package io.sluice.dataplane.jsonrpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.sluice.models.jsonrpc.JsonRpcMessage;
import java.io.OutputStream;

/** Writes a message as one compact JSON object; the peer needs no delimiter (RFC 7047 framing). */
@ChannelHandler.Sharable
final class JsonRpcEncoder extends MessageToByteEncoder<JsonRpcMessage> {
    private final ObjectMapper mapper;

    JsonRpcEncoder(ObjectMapper mapper) {
        super(JsonRpcMessage.class);
        this.mapper = mapper;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, JsonRpcMessage message, ByteBuf out) throws Exception {
        try (OutputStream os = new ByteBufOutputStream(out)) {
            mapper.writeValue(os, message);
        }
    }
}
