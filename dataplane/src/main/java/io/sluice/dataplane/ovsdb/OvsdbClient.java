package io.sluice.dataplane.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.sluice.dataplane.jsonrpc.JsonRpcFraming;
import io.sluice.dataplane.jsonrpc.JsonRpcPeer;
import io.sluice.dataplane.net.Futures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RFC 7047 connection to an ovsdb-server over its unix socket. Calls may be made from any thread; their
 * futures complete on the connection's event loop. When the connection ends every pending call fails with
 * {@link io.sluice.dataplane.jsonrpc.ConnectionClosedException}, and {@link #closeFuture()} completes: a new
 * connection needs a new client.
 */
public final class OvsdbClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OvsdbClient.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final JsonRpcPeer peer;
    private final Map<String, MonitorListener> monitors = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> closed;
    private volatile Channel channel;

    private OvsdbClient(Path socket) {
        this.peer = new JsonRpcPeer("ovsdb unix:" + socket, this::onNotification);
    }

    /**
     * Connects to the ovsdb-server listening on {@code socket}.
     *
     * @param epollGroup an {@link io.netty.channel.epoll.EpollEventLoopGroup}: unix sockets need the native
     *                   transport
     */
    public static CompletableFuture<OvsdbClient> connect(EventLoopGroup epollGroup, Path socket, ObjectMapper mapper) {
        OvsdbClient client = new OvsdbClient(socket);
        JsonRpcFraming framing = new JsonRpcFraming(mapper);
        Bootstrap bootstrap = new Bootstrap()
                .group(epollGroup)
                .channel(EpollDomainSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        framing.addTo(ch.pipeline());
                        ch.pipeline().addLast(JsonRpcPeer.NAME, client.peer);
                    }
                });
        return Futures.connected(bootstrap.connect(new DomainSocketAddress(socket.toFile()))).thenApply(ch -> {
            client.channel = ch;
            client.closed = Futures.closed(ch);
            return client;
        });
    }

    /** RFC 7047 4.1.1. */
    public CompletableFuture<List<String>> listDbs() {
        return peer.call("list_dbs", JSON.arrayNode())
                .thenApply(names -> elements(names).stream().map(JsonNode::asText).toList());
    }

    /**
     * Runs operations (built with {@link Ops}) as one transaction (RFC 7047 4.1.3). The future fails with
     * {@link OvsdbTransactionException} if any operation or the commit failed, and otherwise completes with
     * one result per operation.
     */
    public CompletableFuture<List<JsonNode>> transact(String db, List<ObjectNode> ops) {
        ArrayNode params = JSON.arrayNode().add(db);
        ops.forEach(params::add);
        return peer.call("transact", params).thenApply(results -> {
            OvsdbTransactionException.check(db, ops, results);
            return elements(results);
        });
    }

    public CompletableFuture<List<JsonNode>> transact(String db, ObjectNode... ops) {
        return transact(db, List.of(ops));
    }

    /**
     * Starts monitor {@code monitorId} (RFC 7047 4.1.5) on the given columns of each table, with initial
     * contents, inserts, deletes and modifications. The listener receives the initial contents first, then
     * every update, in order. The future completes once the initial contents have been delivered.
     */
    public CompletableFuture<Void> monitor(String db, String monitorId, Map<String, List<String>> columnsByTable,
                                           MonitorListener listener) {
        ObjectNode requests = JSON.objectNode();
        columnsByTable.forEach((table, columns) -> {
            ArrayNode names = requests.putObject(table).putArray("columns");
            columns.forEach(names::add);
        });
        ArrayNode params = JSON.arrayNode().add(db).add(monitorId).add(requests);
        if (monitors.putIfAbsent(monitorId, listener) != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("monitor " + monitorId + " exists"));
        }
        CompletableFuture<Void> started = new CompletableFuture<>();
        // Call from the event loop so the reply callback is attached before the reply can be read: it then
        // runs inside the read, before any update that follows the reply on the wire.
        try {
            channel.eventLoop().execute(() -> peer.call("monitor", params).whenComplete((initial, error) -> {
                if (error != null) {
                    monitors.remove(monitorId);
                    started.completeExceptionally(error);
                } else {
                    deliver(monitorId, listener, initial);
                    started.complete(null);
                }
            }));
        } catch (RejectedExecutionException e) {
            monitors.remove(monitorId);
            started.completeExceptionally(e);
        }
        return started;
    }

    /** RFC 7047 4.1.7. */
    public CompletableFuture<Void> monitorCancel(String monitorId) {
        monitors.remove(monitorId);
        return peer.call("monitor_cancel", JSON.arrayNode().add(monitorId)).thenApply(ignored -> null);
    }

    /** Completes when the connection has ended, for whatever reason. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return peer.peerName();
    }

    private void onNotification(String method, JsonNode params) {
        if (!"update".equals(method)) {
            log.debug("{}: ignoring notification {}", peer.peerName(), method);
            return;
        }
        String monitorId = params.path(0).asText();
        MonitorListener listener = monitors.get(monitorId);
        if (listener != null) {
            deliver(monitorId, listener, params.path(1));
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> elements = new ArrayList<>(array.size());
        array.forEach(elements::add);
        return elements;
    }

    private void deliver(String monitorId, MonitorListener listener, JsonNode tableUpdates) {
        // A listener's bug must not tear down the connection that every other caller shares.
        try {
            listener.onUpdates(RowUpdate.parse(tableUpdates));
        } catch (RuntimeException e) {
            log.error("{}: listener of monitor {} failed", peer.peerName(), monitorId, e);
        }
    }
}
