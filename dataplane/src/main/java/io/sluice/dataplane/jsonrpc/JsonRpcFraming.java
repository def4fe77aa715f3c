package io.sluice.dataplane.jsonrpc;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.json.JsonObjectDecoder;
import io.sluice.models.jsonrpc.JsonRpcMessage;

/**
 * The JSON-RPC codec shared by OVSDB (RFC 7047) and Sluice's agent channel, client and server side: JSON
 * objects back to back with no delimiter, each one a {@link JsonRpcMessage}. One instance serves any number
 * of pipelines.
 */
public final class JsonRpcFraming {
    public static final String FRAME_DECODER = "json-frame";
    public static final String MESSAGE_DECODER = "json-rpc-decoder";
    public static final String MESSAGE_ENCODER = "json-rpc-encoder";

    /**
     * Largest single message accepted. A monitor's initial contents arrive as one object, so this must
     * hold a whole table dump of a busy host (thousands of ports), far above Netty's 1 MiB default.
     */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final ObjectMapper wireMapper;
    private final JsonRpcEncoder encoder;

    public JsonRpcFraming(ObjectMapper mapper) {
        // Unknown members from a newer peer are ignored rather than fatal to the connection.
        this.wireMapper = mapper.copy()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.encoder = new JsonRpcEncoder(wireMapper);
    }

    /** Appends frame decoder, message decoder and message encoder to {@code pipeline}. */
    public void addTo(ChannelPipeline pipeline) {
        pipeline.addLast(FRAME_DECODER, new JsonObjectDecoder(MAX_MESSAGE_BYTES));
        pipeline.addLast(MESSAGE_DECODER, new JsonRpcDecoder(wireMapper));
        pipeline.addLast(MESSAGE_ENCODER, encoder);
    }
}
