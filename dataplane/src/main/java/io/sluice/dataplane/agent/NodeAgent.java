package io.sluice.dataplane.agent;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.CONTROLLER;
import static io.sluice.dataplane.ovsdb.VswitchSchema.DB;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.dataplane.bridge.BridgeSpec;
import io.sluice.dataplane.bridge.IntegrationBridge;
import io.sluice.dataplane.net.Backoff;
import io.sluice.dataplane.net.Futures;
import io.sluice.dataplane.net.Reconnector;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import io.sluice.dataplane.ovsdb.RowUpdate;
import io.sluice.models.agent.AgentInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: keeps br-int right through the local ovsdb-server and tells the controller about this host.
 * It stays connected to OVSDB (reconnecting after an ovsdb-server restart), watches br-int and its
 * controller, and reconciles whenever they change: re-creates a deleted br-int, repairs edited columns, and
 * re-registers with the controller when br-int's datapath id changes.
 */
public final class NodeAgent implements AutoCloseable {
    static final Duration DATAPATH_ID_TIMEOUT = Duration.ofSeconds(5);
    /** Wait before reconciling again after a failure that no OVSDB update will announce (e.g. no vswitchd). */
    static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final String MONITOR_ID = "sluice-br-int";
    /** Everything BridgeSpec constrains, plus the datapath id; not "ports", which changes with every VM plug. */
    private static final Map<String, List<String>> MONITORED = Map.of(
            BRIDGE, List.of("name", "datapath_type", "fail_mode", "protocols", "other_config", "controller",
                    "datapath_id"),
            CONTROLLER, List.of("target"));

    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final NodeAgentConfig config;
    private final ObjectMapper mapper = new ObjectMapper();
    private final EventLoopGroup ovsdbLoop;
    private final EventLoopGroup channelLoop;
    private final InetSocketAddress agentChannel;
    private final BridgeSpec bridgeSpec;
    private final HostNameResolver hostNames;
    private final Reconnector<OvsdbClient> ovsdb;
    private final CoalescingTask reconcile = new CoalescingTask(this::reconcile);
    private final CompletableFuture<AgentInfo> started = new CompletableFuture<>();

    private volatile OvsdbClient current;
    private volatile String hostName;
    private AgentInfo info;
    private AgentChannelClient channel;
    private boolean closed;

    /** @throws UnknownHostException if the controller host does not resolve */
    public NodeAgent(NodeAgentConfig config) throws UnknownHostException {
        this.config = config;
        InetAddress controller = InetAddress.getByName(config.controllerHost());
        this.agentChannel = new InetSocketAddress(controller, config.agentChannelPort());
        this.bridgeSpec = BridgeSpec.integration(config.datapathType(),
                BridgeSpec.tcpTarget(controller, config.openflowPort()));
        this.hostNames = new HostNameResolver(Optional.ofNullable(config.hostNameOverride()),
                HostNameResolver::kernelHostName);
        // One thread each: OVSDB needs the native transport for its unix socket, the agent channel is plain TCP.
        this.ovsdbLoop = new EpollEventLoopGroup(1, new DefaultThreadFactory("sluice-ovsdb"));
        this.channelLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-agent-channel"));
        this.ovsdb = new Reconnector<>("ovsdb unix:" + config.ovsdbSocket(), ovsdbLoop,
                Backoff.forReconnect(),
                () -> OvsdbClient.connect(ovsdbLoop, config.ovsdbSocket(), mapper),
                this::onOvsdbConnected, OvsdbClient::close);
    }

    /**
     * Connects to OVSDB (retrying until it is there) and keeps br-int right from then on. The future
     * completes once br-int is ensured, its datapath id known and the agent channel client started, which
     * connects to the controller on its own time.
     */
    public CompletableFuture<AgentInfo> start() {
        ovsdb.start();
        return started;
    }

    /** The facts last registered (or being registered) with the controller. */
    public synchronized Optional<AgentInfo> info() {
        return Optional.ofNullable(info);
    }

    /** Whether the controller has accepted the current registration. */
    public synchronized boolean isRegistered() {
        return channel != null && channel.isRegistered();
    }

    @Override
    public void close() {
        AgentChannelClient client;
        synchronized (this) {
            closed = true;
            client = channel;
        }
        ovsdb.close();
        if (client != null) {
            client.close();
        }
        started.cancel(false);
        ovsdbLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        channelLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<?> onOvsdbConnected(OvsdbClient client) {
        current = client;
        return client.monitor(DB, MONITOR_ID, MONITORED, this::onBridgeUpdates)
                // An absent br-int shows in no update: reconcile once the monitor is in place in any case.
                .thenRun(reconcile::request)
                .thenCompose(ignored -> client.closeFuture());
    }

    private void onBridgeUpdates(List<RowUpdate> updates) {
        boolean touchesBridge = updates.stream().anyMatch(update -> update.table().equals(CONTROLLER)
                || bridgeSpec.name().equals(textOf(update.column("name"))));
        if (touchesBridge) {
            reconcile.request();
        }
    }

    private CompletableFuture<?> reconcile() {
        OvsdbClient client = current;
        if (client == null || isClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        IntegrationBridge bridge = new IntegrationBridge(client, bridgeSpec, ovsdbLoop);
        return resolveHostName(client)
                .thenCompose(host -> bridge.ensure()
                        .thenCompose(outcome -> bridge.awaitDatapathId(DATAPATH_ID_TIMEOUT))
                        .thenAccept(datapathId -> publish(new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE,
                                AgentInfo.OVS_AGENT_BINARY, config.tunnelIp(), config.bridgeMappings(), datapathId, java.util.Map.of()))))
                .exceptionally(error -> {
                    // A lost connection is retried by the reconnection, which reconciles again.
                    if (!client.closeFuture().isDone() && !isClosed()) {
                        log.warn("reconciling {} failed, retrying in {} ms: {}", bridgeSpec.name(),
                                RETRY_DELAY.toMillis(), Futures.unwrap(error).toString());
                        ovsdbLoop.schedule(reconcile::request, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    return null;
                });
    }

    private CompletableFuture<String> resolveHostName(OvsdbClient client) {
        String known = hostName;
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return hostNames.resolve(client).thenApply(name -> {
            hostName = name;
            return name;
        });
    }

    private synchronized void publish(AgentInfo newInfo) {
        if (closed || newInfo.equals(info)) {
            return;
        }
        if (channel == null) {
            channel = new AgentChannelClient(channelLoop, agentChannel, newInfo, mapper);
            channel.start();
        } else {
            log.info("{} datapath id is now {} (was {}): registering again", bridgeSpec.name(),
                    newInfo.datapathId(), info.datapathId());
            channel.updateInfo(newInfo);
        }
        info = newInfo;
        started.complete(newInfo);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private static String textOf(JsonNode value) {
        return value == null ? null : value.asText();
    }
}
