package io.sluice.dataplane.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.models.jsonrpc.JsonRpcMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class JsonRpcPeerTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> notifications = new ArrayList<>();
    private final JsonRpcPeer peer = new JsonRpcPeer("test peer", new JsonRpcPeer.Inbound() {
        @Override
        public void onNotification(String method, JsonNode params) {
            notifications.add(method + " " + params);
        }

        @Override
        public CompletableFuture<JsonNode> onRequest(String method, JsonNode params) {
            return method.equals("add")
                    ? CompletableFuture.completedFuture(IntNode.valueOf(params.get(0).asInt() + params.get(1).asInt()))
                    : JsonRpcPeer.Inbound.super.onRequest(method, params);
        }
    });
    private final EmbeddedChannel channel = new EmbeddedChannel(peer);

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    @Test
    void matchesResponsesToRequestsById() throws Exception {
        CompletableFuture<JsonNode> first = peer.call("list_dbs", json("[]"));
        CompletableFuture<JsonNode> second = peer.call("list_dbs", json("[]"));
        JsonRpcMessage firstRequest = channel.readOutbound();
        JsonRpcMessage secondRequest = channel.readOutbound();
        assertThat(firstRequest.id()).isNotEqualTo(secondRequest.id());

        channel.writeInbound(JsonRpcMessage.response(secondRequest.id(), json("[\"b\"]")));
        channel.writeInbound(JsonRpcMessage.response(firstRequest.id(), json("[\"a\"]")));

        assertThat(first.get()).isEqualTo(json("[\"a\"]"));
        assertThat(second.get()).isEqualTo(json("[\"b\"]"));
    }

    @Test
    void errorResponsesFailTheCall() throws Exception {
        CompletableFuture<JsonNode> call = peer.call("transact", json("[\"Nope\"]"));
        JsonRpcMessage request = channel.readOutbound();
        channel.writeInbound(new JsonRpcMessage(null, null, null, json("{\"error\":\"unknown database\"}"), request.id()));

        assertThat(call).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(JsonRpcException.class)
                .withMessageContaining("transact failed")
                .withMessageContaining("unknown database");
    }

    @Test
    void answersEchoWithItsParams() throws Exception {
        channel.writeInbound(new JsonRpcMessage("echo", json("[\"ping\"]"), null, null, TextNode.valueOf("echo")));
        JsonRpcMessage reply = channel.readOutbound();
        assertThat(reply.id()).isEqualTo(TextNode.valueOf("echo"));
        assertThat(reply.result()).isEqualTo(json("[\"ping\"]"));
        assertThat(reply.isError()).isFalse();
    }

    @Test
    void handsNotificationsAndRequestsToInbound() throws Exception {
        channel.writeInbound(JsonRpcMessage.notification("update", json("[\"m\",{}]")));
        channel.writeInbound(JsonRpcMessage.request("add", json("[2,3]"), 9));
        channel.writeInbound(JsonRpcMessage.request("launch", json("[]"), 10));

        assertThat(notifications).containsExactly("update [\"m\",{}]");
        JsonRpcMessage sum = channel.readOutbound();
        assertThat(sum.result().asInt()).isEqualTo(5);
        JsonRpcMessage unknown = channel.readOutbound();
        assertThat(unknown.isError()).isTrue();
        assertThat(unknown.error().asText()).contains("unknown method launch");
    }

    @Test
    void closingTheConnectionFailsPendingAndLaterCalls() throws Exception {
        CompletableFuture<JsonNode> pending = peer.call("monitor", json("[]"));
        channel.close();
        CompletableFuture<JsonNode> late = peer.call("monitor", json("[]"));

        for (CompletableFuture<JsonNode> call : List.of(pending, late)) {
            assertThat(call).failsWithin(Duration.ZERO)
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(ConnectionClosedException.class)
                    .withMessage("connection to test peer closed");
        }
    }
}
