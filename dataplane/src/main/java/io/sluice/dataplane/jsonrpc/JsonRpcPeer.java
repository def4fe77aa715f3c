package io.sluice.dataplane.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.sluice.models.jsonrpc.JsonRpcMessage;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of a JSON-RPC connection, the last handler of a {@link JsonRpcFraming} pipeline: sends requests
 * and matches their responses by id, answers {@code echo} itself, and hands other inbound requests and
 * notifications to an {@link Inbound}. When the connection closes, every call still waiting fails with
 * {@link ConnectionClosedException}. One instance per channel.
 */
public final class JsonRpcPeer extends SimpleChannelInboundHandler<JsonRpcMessage> {
    public static final String NAME = "json-rpc-peer";
    /** RFC 7047 4.1.11; the agent channel uses the same liveness request. */
    public static final String ECHO = "echo";

    private static final Logger log = LoggerFactory.getLogger(JsonRpcPeer.class);

    /** What the other end sends us unasked. Called on the channel's event loop: must not block. */
    public interface Inbound {
        void onNotification(String method, JsonNode params);

        /** Answers a request other than echo; a failed future is sent back as an error response. */
        default CompletableFuture<JsonNode> onRequest(String method, JsonNode params) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("unknown method " + method));
        }
    }

    private record Pending(String method, CompletableFuture<JsonNode> future) {
    }

    private final String peerName;
    private final Inbound inbound;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private volatile Channel channel;
    private volatile boolean closed;

    /** @param peerName names the other end in logs and errors, e.g. "ovsdb unix:/run/db.sock" */
    public JsonRpcPeer(String peerName, Inbound inbound) {
        this.peerName = Objects.requireNonNull(peerName);
        this.inbound = Objects.requireNonNull(inbound);
    }

    /** Sends a request; the future completes with its result, or fails with {@link JsonRpcException}. */
    public CompletableFuture<JsonNode> call(String method, JsonNode params) {
        Channel ch = Objects.requireNonNull(channel, "peer is not in a pipeline yet");
        long id = nextId.getAndIncrement();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(id, new Pending(method, future));
        // Checked after the put so that a close racing with this call cannot strand the future.
        if (closed) {
            fail(id, new ConnectionClosedException(peerName));
            return future;
        }
        ch.writeAndFlush(JsonRpcMessage.request(method, params, id)).addListener(write -> {
            if (!write.isSuccess()) {
                fail(id, write.cause());
            }
        });
        return future;
    }

    /** Sends a notification (no response expected). */
    public ChannelFuture notify(String method, JsonNode params) {
        Channel ch = Objects.requireNonNull(channel, "peer is not in a pipeline yet");
        return ch.writeAndFlush(JsonRpcMessage.notification(method, params));
    }

    public String peerName() {
        return peerName;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, JsonRpcMessage message) {
        if (!message.isRequest()) {
            completeCall(message);
        } else if (message.isNotification()) {
            inbound.onNotification(message.method(), message.params());
        } else if (ECHO.equals(message.method())) {
            ctx.writeAndFlush(JsonRpcMessage.response(message.id(), message.params()));
        } else {
            answer(ctx, message);
        }
    }

    private void answer(ChannelHandlerContext ctx, JsonRpcMessage request) {
        inbound.onRequest(request.method(), request.params()).whenComplete((result, error) -> {
            if (error == null) {
                ctx.writeAndFlush(JsonRpcMessage.response(request.id(), result));
            } else {
                log.warn("{}: {} request failed: {}", peerName, request.method(), error.toString());
                ctx.writeAndFlush(JsonRpcMessage.errorResponse(request.id(), String.valueOf(error.getMessage())));
            }
        });
    }

    private void completeCall(JsonRpcMessage response) {
        JsonNode id = response.id();
        Pending call = id != null && id.canConvertToLong() ? pending.remove(id.asLong()) : null;
        if (call == null) {
            log.warn("{}: dropping response to unknown request id {}", peerName, id);
        } else if (response.isError()) {
            call.future().completeExceptionally(new JsonRpcException(peerName, call.method(), response.error()));
        } else {
            call.future().complete(response.result());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        pending.keySet().forEach(id -> fail(id, new ConnectionClosedException(peerName)));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: closing connection after error: {}", peerName, cause.toString());
        ctx.close();
    }

    private void fail(long id, Throwable cause) {
        Pending call = pending.remove(id);
        if (call != null) {
            call.future().completeExceptionally(cause);
        }
    }
}
