package io.sluice.dataplane.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.sluice.dataplane.jsonrpc.JsonRpcFraming;
import io.sluice.dataplane.jsonrpc.JsonRpcPeer;
import io.sluice.dataplane.net.Backoff;
import io.sluice.dataplane.net.Futures;
import io.sluice.dataplane.net.Reconnector;
import io.sluice.dataplane.ports.VmPort;
import io.sluice.models.agent.AgentChannel;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.l3.RouterPlan;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of the agent channel (see {@link io.sluice.models.agent.AgentChannel}): keeps a TCP
 * connection to the controller, reconnecting with back-off (100 ms doubling to 2 s) for as long as it runs,
 * registers on every connection, sends heartbeats and reports the host's VM ports: all of them after each
 * registration, then their changes; on a network node it also takes the controller's router updates and
 * reports the routers applied. Heartbeat sequence numbers count from 0 at
 * construction and go on across reconnections, so the controller can tell a reconnect from a restart.
 */
public final class AgentChannelClient implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final TypeReference<List<RouterPlan>> ROUTER_PLANS = new TypeReference<>() { };

    private static final Logger log = LoggerFactory.getLogger(AgentChannelClient.class);

    private final ObjectMapper mapper;
    private final Bootstrap bootstrap;
    private final Reconnector<Channel> reconnector;
    private final AtomicLong sequence = new AtomicLong();
    private final String controllerName;
    private final Supplier<Map<String, VmPort>> ports;
    private final RouterUpdates routers;
    private volatile AgentInfo info;
    private volatile AgentSession session;

    /** Where the controller's router updates go: an L3 agent, on hosts that are network nodes. */
    public interface RouterUpdates {
        RouterUpdates NONE = new RouterUpdates() {
            @Override
            public void connected() {
            }

            @Override
            public void routerUpdate(List<RouterPlan> plans) {
            }
        };

        /** A new connection to the controller began. */
        void connected();

        /** The controller's {@code router_update}: every router this host must hold. */
        void routerUpdate(List<RouterPlan> plans);
    }

    /** A client of a host that holds no routers. */
    public AgentChannelClient(EventLoopGroup nioGroup, InetSocketAddress controller, AgentInfo info,
                              Supplier<Map<String, VmPort>> ports, ObjectMapper mapper) {
        this(nioGroup, controller, info, ports, RouterUpdates.NONE, mapper);
    }

    /**
     * @param nioGroup a {@link io.netty.channel.nio.NioEventLoopGroup}
     * @param ports    the host's VM ports as they are now; {@link #portsChanged()} says when they change
     * @param routers  told of each connection and each {@code router_update}, on the channel's event loop
     */
    public AgentChannelClient(EventLoopGroup nioGroup, InetSocketAddress controller, AgentInfo info,
                              Supplier<Map<String, VmPort>> ports, RouterUpdates routers, ObjectMapper mapper) {
        this.info = Objects.requireNonNull(info);
        this.ports = Objects.requireNonNull(ports);
        this.routers = Objects.requireNonNull(routers);
        this.mapper = mapper;
        this.controllerName = "controller " + controller.getHostString() + ":" + controller.getPort();
        JsonRpcFraming framing = new JsonRpcFraming(mapper);
        this.bootstrap = new Bootstrap()
                .group(nioGroup)
                .channel(NioSocketChannel.class)
                .remoteAddress(controller)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        framing.addTo(ch.pipeline());
                        ch.pipeline().addLast(JsonRpcPeer.NAME, new JsonRpcPeer(controllerName,
                                AgentChannelClient.this::onNotification));
                    }
                });
        this.reconnector = new Reconnector<>(controllerName, nioGroup, Backoff.forReconnect(),
                () -> Futures.connected(bootstrap.connect()), this::onConnected, Channel::close);
    }

    public void start() {
        reconnector.start();
    }

    /** Replaces the facts sent in {@code register} and re-registers at once if connected. */
    public void updateInfo(AgentInfo newInfo) {
        info = Objects.requireNonNull(newInfo);
        AgentSession current = session;
        if (current != null) {
            current.register(newInfo);
        }
    }

    /**
     * Reports the VM ports' changes to the controller, if registered; while not, the full list that follows
     * the next registration covers them.
     */
    public void portsChanged() {
        AgentSession current = session;
        if (current != null) {
            current.portsChanged();
        }
    }

    /** Sends {@code routers_applied}: the plans this host's router namespaces now hold. Dropped while not connected. */
    public void routersApplied(List<RouterPlan> plans) {
        AgentSession current = session;
        if (current != null) {
            current.routersApplied(plans);
        }
    }

    /** Whether the current connection's registration was accepted. */
    public boolean isRegistered() {
        AgentSession current = session;
        return current != null && current.isRegistered();
    }

    @Override
    public void close() {
        reconnector.close();
    }

    private CompletableFuture<?> onConnected(Channel channel) {
        AgentSession current = new AgentSession(channel, channel.pipeline().get(JsonRpcPeer.class), mapper, sequence,
                ports);
        session = current;
        routers.connected();
        current.register(info);
        return Futures.closed(channel);
    }

    private void onNotification(String method, JsonNode params) {
        if (!AgentChannel.ROUTER_UPDATE.equals(method)) {
            log.debug("ignoring notification {} from the controller", method);
            return;
        }
        List<RouterPlan> plans;
        try {
            plans = mapper.convertValue(params, ROUTER_PLANS);
        } catch (IllegalArgumentException e) {
            log.warn("bad router_update from the controller, ignored: {}", e.getMessage());
            return;
        }
        routers.routerUpdate(plans);
    }
}
