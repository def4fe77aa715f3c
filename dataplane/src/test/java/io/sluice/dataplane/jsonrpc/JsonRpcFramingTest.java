package io.sluice.dataplane.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.models.jsonrpc.JsonRpcMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonRpcFramingTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    JsonRpcFramingTest() {
        new JsonRpcFraming(mapper).addTo(channel.pipeline());
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    @Test
    void decodesAnObjectSplitAcrossReads() {
        String message = "{\"method\":\"echo\",\"params\":[\"{not a brace}\"],\"id\":7}";
        channel.writeInbound(bytes(message.substring(0, 20)));
        assertThat(channel.inboundMessages()).isEmpty();

        channel.writeInbound(bytes(message.substring(20)));
        JsonRpcMessage decoded = channel.readInbound();
        assertThat(decoded.method()).isEqualTo("echo");
        assertThat(decoded.params().get(0).asText()).isEqualTo("{not a brace}");
        assertThat(decoded.id().asLong()).isEqualTo(7);
    }

    @Test
    void decodesObjectsSentBackToBack() {
        channel.writeInbound(bytes("{\"id\":1,\"result\":[],\"error\":null}"
                + "{\"method\":\"update\",\"params\":[\"m\",{}],\"id\":null}{\"id\":2,"));
        JsonRpcMessage response = channel.readInbound();
        JsonRpcMessage notification = channel.readInbound();
        assertThat(response.isRequest()).isFalse();
        assertThat(response.isError()).isFalse();
        assertThat(notification.isNotification()).isTrue();
        assertThat(channel.inboundMessages()).isEmpty();

        channel.writeInbound(bytes("\"result\":null,\"error\":\"unknown method\"}"));
        JsonRpcMessage error = channel.readInbound();
        assertThat(error.isError()).isTrue();
        assertThat(error.error().asText()).isEqualTo("unknown method");
    }

    @Test
    void encodedMessagesParseBack() throws Exception {
        JsonRpcMessage request = JsonRpcMessage.request("transact",
                mapper.readTree("[\"Open_vSwitch\",{\"op\":\"select\",\"table\":\"Bridge\",\"where\":[]}]"), 42);
        channel.writeOutbound(request);
        ByteBuf encoded = channel.readOutbound();
        String text = encoded.toString(StandardCharsets.UTF_8);
        encoded.release();

        assertThat(mapper.readTree(text)).isEqualTo(mapper.readTree("""
                {"method":"transact","params":["Open_vSwitch",{"op":"select","table":"Bridge","where":[]}],"id":42}"""));
        // Fed back into a decoder, the bytes give the same message.
        channel.writeInbound(bytes(text));
        JsonRpcMessage decoded = channel.readInbound();
        assertThat(decoded.method()).isEqualTo(request.method());
        assertThat(decoded.params()).isEqualTo(request.params());
        assertThat(decoded.id().asLong()).isEqualTo(42);
    }

    @Test
    void notificationsCarryANullId() throws Exception {
        channel.writeOutbound(JsonRpcMessage.notification("heartbeat", mapper.readTree("[{\"sequence\":0}]")));
        ByteBuf encoded = channel.readOutbound();
        assertThat(mapper.readTree(encoded.toString(StandardCharsets.UTF_8)))
                .isEqualTo(mapper.readTree("{\"method\":\"heartbeat\",\"params\":[{\"sequence\":0}],\"id\":null}"));
        encoded.release();
    }
}
