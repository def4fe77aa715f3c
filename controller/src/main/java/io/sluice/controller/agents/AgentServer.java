package io.sluice.controller.agents;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.sluice.dataplane.jsonrpc.JsonRpcFraming;
import io.sluice.dataplane.jsonrpc.JsonRpcPeer;
import io.sluice.models.agent.AgentChannel;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.Heartbeat;
import io.sluice.models.agent.PortReport;
import io.sluice.models.agent.RegisterReply;
import io.sluice.models.l3.RouterPlan;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's end of the agent channel (see {@link AgentChannel}): one JSON-RPC connection per node
 * agent, carrying its registration, heartbeats and VM port reports, and for network nodes their routers
 * ({@code router_update} out, {@code routers_applied} in).
 */
public final class AgentServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentServer.class);
    private static final TypeReference<List<PortReport>> PORT_REPORTS = new TypeReference<>() { };
    private static final TypeReference<List<RouterPlan>> ROUTER_PLANS = new TypeReference<>() { };

    /** The router side of the channel, told on the network threads; must not block. */
    public interface RouterEvents {
        RouterEvents NONE = new RouterEvents() {
            @Override
            public void l3AgentRegistered(String host) {
            }

            @Override
            public void routersApplied(String host, List<RouterPlan> plans) {
            }
        };

        /** An agent of a network node registered (again): it is owed its whole router set. */
        void l3AgentRegistered(String host);

        /** An agent's {@code routers_applied}. */
        void routersApplied(String host, List<RouterPlan> plans);
    }

    private final InetSocketAddress listen;
    private final AgentRegistry registry;
    private final ObjectMapper json = new ObjectMapper();
    private final JsonRpcFraming framing = new JsonRpcFraming(json);
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Map<String, JsonRpcPeer> connected = new ConcurrentHashMap<>();
    private volatile RouterEvents routerEvents = RouterEvents.NONE;
    private Channel serverChannel;

    public AgentServer(InetSocketAddress listen, AgentRegistry registry) {
        this.listen = listen;
        this.registry = registry;
    }

    public InetSocketAddress start() throws InterruptedException {
        serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        framing.addTo(ch.pipeline());
                        AgentConnection connection = new AgentConnection(ch);
                        JsonRpcPeer peer = new JsonRpcPeer("agent " + ch.remoteAddress(), connection);
                        connection.peer = peer;
                        ch.pipeline().addLast(JsonRpcPeer.NAME, peer);
                    }
                }).bind(listen).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        log.info("agent channel listening on {}", bound);
        return bound;
    }

    public void setRouterEvents(RouterEvents events) {
        routerEvents = events;
    }

    /** Sends {@code router_update} to the host's agent; false if it is not connected. */
    public boolean sendRouterUpdate(String host, List<RouterPlan> plans) {
        JsonRpcPeer peer = connected.get(host);
        if (peer == null) {
            return false;
        }
        peer.notify(AgentChannel.ROUTER_UPDATE, json.valueToTree(plans));
        return true;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One agent's connection: bad input from it is answered with an error, never trusted. */
    private final class AgentConnection implements JsonRpcPeer.Inbound {
        private final AtomicReference<String> host = new AtomicReference<>();
        private JsonRpcPeer peer;

        AgentConnection(Channel channel) {
            channel.closeFuture().addListener(f -> {
                String registered = host.get();
                if (registered != null) {
                    connected.remove(registered, peer);
                    log.info("agent {} disconnected", registered);
                    registry.disconnected(registered);
                }
            });
        }

        @Override
        public CompletableFuture<JsonNode> onRequest(String method, JsonNode params) {
            if (!AgentChannel.REGISTER.equals(method)) {
                return JsonRpcPeer.Inbound.super.onRequest(method, params);
            }
            try {
                AgentInfo info = json.treeToValue(params.path(0), AgentInfo.class);
                host.set(info.host());
                registry.register(info);
                connected.put(info.host(), peer);
                if (info.l3()) {
                    routerEvents.l3AgentRegistered(info.host());
                }
                return CompletableFuture.completedFuture(json.valueToTree(
                        new RegisterReply(registry.heartbeatInterval().toMillis())));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("bad registration: " + e.getMessage()));
            }
        }

        @Override
        public void onNotification(String method, JsonNode params) {
            switch (method) {
                case AgentChannel.HEARTBEAT -> heartbeat(params);
                case AgentChannel.PORT_UPDATE -> portUpdate(params);
                case AgentChannel.ROUTERS_APPLIED -> routersApplied(params);
                default -> log.debug("ignoring notification {} from agent {}", method, host.get());
            }
        }

        private void heartbeat(JsonNode params) {
            try {
                registry.heartbeat(json.treeToValue(params.path(0), Heartbeat.class));
            } catch (Exception e) {
                log.warn("bad heartbeat from agent {}: {}", host.get(), e.getMessage());
            }
        }

        private void routersApplied(JsonNode params) {
            String registered = host.get();
            if (registered == null) {
                log.warn("routers_applied from an agent that has not registered: dropped");
                return;
            }
            try {
                routerEvents.routersApplied(registered, json.convertValue(params, ROUTER_PLANS));
            } catch (IllegalArgumentException e) {
                log.warn("bad routers_applied from agent {}: {}", registered, e.getMessage());
            }
        }

        /** Taken as the ports of the host this connection registered as; one naming another host is dropped. */
        private void portUpdate(JsonNode params) {
            String registered = host.get();
            if (registered == null) {
                log.warn("port update from an agent that has not registered: dropped");
                return;
            }
            List<PortReport> reports;
            try {
                reports = json.convertValue(params, PORT_REPORTS);
            } catch (IllegalArgumentException e) {
                log.warn("bad port update from agent {}: {}", registered, e.getMessage());
                return;
            }
            registry.portUpdate(registered, reports);
        }
    }
}
