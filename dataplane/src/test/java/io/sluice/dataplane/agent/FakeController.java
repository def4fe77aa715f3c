package io.sluice.dataplane.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.dataplane.jsonrpc.JsonRpcFraming;
import io.sluice.dataplane.jsonrpc.JsonRpcPeer;
import io.sluice.models.agent.AgentChannel;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.Heartbeat;
import io.sluice.models.agent.PortReport;
import io.sluice.models.agent.RegisterReply;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controller's side of the agent channel, as small as a test needs: answers {@code register} with a
 * heartbeat interval, records what agents send, and can be stopped and started again on the same port.
 * It uses the same framing and peer handler as the agent, as the real controller will.
 */
final class FakeController implements AutoCloseable {
    /** One message from an agent; {@code connection} counts accepted connections from 1. */
    record Received(int connection, String method, JsonNode params, long nanoTime) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonRpcFraming framing = new JsonRpcFraming(mapper);
    private final long heartbeatIntervalMs;
    private NioEventLoopGroup group;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger registrationsToReject = new AtomicInteger();
    private volatile JsonRpcPeer lastPeer;
    private Channel server;

    FakeController(long heartbeatIntervalMs) {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
    }

    /** Listens on 127.0.0.1:port (0 for any free port). */
    void listen(int port) throws InterruptedException {
        group = new NioEventLoopGroup(1);
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        int connection = accepted.incrementAndGet();
                        JsonRpcPeer peer = new JsonRpcPeer("agent #" + connection, new Agent(connection));
                        framing.addTo(ch.pipeline());
                        ch.pipeline().addLast(JsonRpcPeer.NAME, peer);
                        connections.add(ch);
                        lastPeer = peer;
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Closes the listening socket and every agent connection. The event loop goes too: Java frees a closed
     * socket that is still registered with a selector only at that selector's next select, so without this
     * an immediate {@link #listen} on the same port could fail with "address already in use".
     */
    void stop() {
        server.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server = null;
    }

    void rejectNextRegistrations(int count) {
        registrationsToReject.set(count);
    }

    /** Sends an echo request to the agent that connected last. */
    CompletableFuture<JsonNode> echo(JsonNode params) {
        return lastPeer.call(JsonRpcPeer.ECHO, params);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<AgentInfo> registrations() {
        return received.stream().filter(r -> r.method().equals(AgentChannel.REGISTER))
                .map(r -> convert(r.params().get(0), AgentInfo.class)).toList();
    }

    List<Received> heartbeats() {
        return received.stream().filter(r -> r.method().equals(AgentChannel.HEARTBEAT)).toList();
    }

    Heartbeat heartbeat(Received received) {
        return convert(received.params().get(0), Heartbeat.class);
    }

    List<Received> portUpdates() {
        return received.stream().filter(r -> r.method().equals(AgentChannel.PORT_UPDATE)).toList();
    }

    /** A port_update's reports: its params are the array of them. */
    List<PortReport> reports(Received portUpdate) {
        return mapper.convertValue(portUpdate.params(), new TypeReference<List<PortReport>>() { });
    }

    /**
     * The ports a controller would now hold for the agent: the first port_update after each register is the
     * full list and replaces them; later ones change them, and present=false removes a port.
     */
    Map<String, PortReport> portsHeld() {
        Map<String, PortReport> held = new TreeMap<>();
        boolean fullListDue = false;
        for (Received r : received()) {
            if (r.method().equals(AgentChannel.REGISTER)) {
                fullListDue = true;
            } else if (r.method().equals(AgentChannel.PORT_UPDATE)) {
                if (fullListDue) {
                    held.clear();
                    fullListDue = false;
                }
                reports(r).forEach(report -> {
                    if (report.present()) {
                        held.put(report.portId(), report);
                    } else {
                        held.remove(report.portId());
                    }
                });
            }
        }
        return held;
    }

    @Override
    public void close() {
        if (server != null) {
            stop();
        }
    }

    private <T> T convert(JsonNode json, Class<T> type) {
        try {
            return mapper.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private final class Agent implements JsonRpcPeer.Inbound {
        private final int connection;

        Agent(int connection) {
            this.connection = connection;
        }

        @Override
        public void onNotification(String method, JsonNode params) {
            received.add(new Received(connection, method, params, System.nanoTime()));
        }

        @Override
        public CompletableFuture<JsonNode> onRequest(String method, JsonNode params) {
            received.add(new Received(connection, method, params, System.nanoTime()));
            if (!method.equals(AgentChannel.REGISTER)) {
                return JsonRpcPeer.Inbound.super.onRequest(method, params);
            }
            if (registrationsToReject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("not now"));
            }
            return CompletableFuture.completedFuture(mapper.valueToTree(new RegisterReply(heartbeatIntervalMs)));
        }
    }
}
