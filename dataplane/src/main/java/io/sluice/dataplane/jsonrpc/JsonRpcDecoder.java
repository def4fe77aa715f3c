package io.sluice.dataplane.jsonrpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.sluice.models.jsonrpc.JsonRpcMessage;
import java.io.InputStream;
import java.util.List;

/** Turns one framed JSON object (from {@link io.netty.handler.codec.json.JsonObjectDecoder}) into a message. */
final class JsonRpcDecoder extends MessageToMessageDecoder<ByteBuf> {
    private final ObjectMapper mapper;

    JsonRpcDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws Exception {
        try (InputStream in = new ByteBufInputStream(frame)) {
            out.add(mapper.readValue(in, JsonRpcMessage.class));
        }
    }
}
