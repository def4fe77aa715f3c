package io.sluice.dataplane.agent;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.CONTROLLER;
import static io.sluice.dataplane.ovsdb.VswitchSchema.DB;
import static io.sluice.dataplane.ovsdb.VswitchSchema.INTERFACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.dataplane.bridge.BridgeSpec;
import io.sluice.dataplane.bridge.IntegrationBridge;
import io.sluice.dataplane.bridge.ProviderBridge;
import io.sluice.dataplane.bridge.TunnelPortSpec;
import io.sluice.dataplane.bridge.TunnelPorts;
import io.sluice.dataplane.l3.CommandRunner;
import io.sluice.dataplane.l3.OvsdbLegPlug;
import io.sluice.dataplane.l3.ProcessRunner;
import io.sluice.dataplane.l3.LinuxRouterNamespaces;
import io.sluice.dataplane.l3.RouterNaming;
import io.sluice.dataplane.net.Backoff;
import io.sluice.dataplane.net.Futures;
import io.sluice.dataplane.net.Reconnector;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import io.sluice.dataplane.ovsdb.RowUpdate;
import io.sluice.dataplane.ports.PortWatch;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.l3.RouterPlan;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: keeps br-int and its tunnel ports right through the local ovsdb-server and tells the
 * controller about this host and the VM ports plugged on it. It stays connected to OVSDB (reconnecting after
 * an ovsdb-server restart), watches br-int, its controller and its tunnel ports, and reconciles whenever they
 * change: re-creates a deleted br-int or tunnel port, repairs edited columns, and re-registers with the
 * controller when br-int's datapath id or a tunnel port's number changes. VM ports are watched apart
 * ({@link PortWatch}) and reported as they come and go.
 */
public final class NodeAgent implements AutoCloseable {
    static final Duration DATAPATH_ID_TIMEOUT = Duration.ofSeconds(5);
    /** Wait before reconciling again after a failure that no OVSDB update will announce (e.g. no vswitchd). */
    static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final String USERSPACE_DATAPATH = "netdev";
    private static final String MONITOR_ID = "sluice-br-int";
    /**
     * Everything BridgeSpec and TunnelPortSpec constrain, plus the datapath id and the tunnel ports' numbers;
     * not br-int's "ports", which changes with every VM plug.
     */
    private static final Map<String, List<String>> MONITORED = Map.of(
            BRIDGE, List.of("name", "datapath_type", "fail_mode", "protocols", "other_config", "controller",
                    "datapath_id"),
            CONTROLLER, List.of("target"),
            INTERFACE, List.of("name", "type", "options", "ofport_request", "ofport"));

    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final NodeAgentConfig config;
    private final ObjectMapper mapper = new ObjectMapper();
    private final EventLoopGroup ovsdbLoop;
    private final EventLoopGroup channelLoop;
    private final InetSocketAddress agentChannel;
    private final BridgeSpec bridgeSpec;
    private final List<TunnelPortSpec> tunnelSpecs;
    /** br-int's ends of the patches to the physical networks' bridges, by physical network. */
    private final List<TunnelPortSpec> integrationPatches;
    /** The physical bridges' ends, by bridge name. */
    private final Map<String, TunnelPortSpec> physicalPatches;
    /** Interfaces whose changes call for a reconcile: tunnel ports and both ends of each patch. */
    private final Set<String> watchedInterfaces;
    /** br-int and the mapped bridges. */
    private final Set<String> watchedBridges;
    private final PortWatch ports;
    private final HostNameResolver hostNames;
    private final Reconnector<OvsdbClient> ovsdb;
    private final CoalescingTask reconcile = new CoalescingTask(this::reconcile);
    private final CommandRunner commands = new ProcessRunner();
    /** On the userspace datapath with a tunnel IP, else null. */
    private final TunnelRouteKeeper tunnelRoute;
    private final CompletableFuture<AgentInfo> started = new CompletableFuture<>();
    /** The router namespaces' loop on a network node, else null. */
    private final L3Agent l3;

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
        // Without a tunnel IP the host takes part in no overlay (e.g. a provider-networks-only node). With one it
        // keeps both ports whatever the networks are: which encapsulation a network uses is the controller's call.
        this.tunnelSpecs = config.tunnelIp() == null ? List.of()
                : List.of(TunnelPortSpec.vxlan(config.tunnelIp(), config.vxlanPort(), tunnelSource()),
                        TunnelPortSpec.mplsOverGre(config.tunnelIp(), tunnelSource()));
        this.tunnelRoute = config.tunnelIp() != null && tunnelSource() == TunnelPortSpec.Source.ROUTED
                ? new TunnelRouteKeeper(config.tunnelIp(), commands,
                        config.ovsdbSocket().toAbsolutePath().getParent(), System::nanoTime)
                : null;
        this.integrationPatches = new ArrayList<>();
        this.physicalPatches = new TreeMap<>();
        // Sorted by physical network, so each patch keeps its ofport_request while the mappings stay the same.
        new TreeMap<>(config.bridgeMappings()).forEach((physnet, bridge) -> {
            int ofport = TunnelPortSpec.FIRST_PATCH_OFPORT + integrationPatches.size();
            String intName = ProviderBridge.integrationPatch(bridge);
            String phyName = ProviderBridge.physicalPatch(bridge);
            integrationPatches.add(TunnelPortSpec.patch(physnet, intName, phyName, ofport));
            physicalPatches.put(bridge, TunnelPortSpec.patch(physnet, phyName, intName, ofport));
        });
        this.watchedInterfaces = Stream.of(tunnelSpecs, integrationPatches, physicalPatches.values())
                .flatMap(Collection::stream).map(TunnelPortSpec::name).collect(Collectors.toUnmodifiableSet());
        this.watchedBridges = Stream.concat(Stream.of(bridgeSpec.name()), physicalPatches.keySet().stream())
                .collect(Collectors.toUnmodifiableSet());
        // One thread each: OVSDB needs the native transport for its unix socket, the agent channel is plain TCP.
        this.ovsdbLoop = new EpollEventLoopGroup(1, new DefaultThreadFactory("sluice-ovsdb"));
        this.channelLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-agent-channel"));
        this.ports = new PortWatch(bridgeSpec.name(), ovsdbLoop, this::portsChanged);
        this.l3 = config.l3() ? new L3Agent(new LinuxRouterNamespaces(new RouterNaming(config.routerNamespacePrefix(), RouterNaming.HOST_LEG_PREFIX),
                commands, new OvsdbLegPlug(() -> current, bridgeSpec.name())), config.l3AuditInterval(),
                this::routersApplied) : null;
        this.ovsdb = new Reconnector<>("ovsdb unix:" + config.ovsdbSocket(), ovsdbLoop,
                Backoff.forReconnect(),
                () -> OvsdbClient.connect(ovsdbLoop, config.ovsdbSocket(), mapper),
                this::onOvsdbConnected, OvsdbClient::close);
    }

    /**
     * Connects to OVSDB (retrying until it is there) and keeps br-int right from then on. The future
     * completes once br-int and its tunnel ports are ensured, their datapath id and port numbers known and
     * the agent channel client started, which connects to the controller on its own time.
     */
    public CompletableFuture<AgentInfo> start() {
        ovsdb.start();
        if (tunnelRoute != null) {
            tunnelRoute.start();
        }
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
        if (l3 != null) {
            l3.close();
        }
        started.cancel(false);
        if (tunnelRoute != null) {
            tunnelRoute.close();
        }
        ovsdbLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        channelLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<?> onOvsdbConnected(OvsdbClient client) {
        current = client;
        return client.monitor(DB, MONITOR_ID, MONITORED, this::onBridgeUpdates)
                // Ports first: a registration must not report a host's ports before they have been read.
                .thenCompose(ignored -> ports.watch(client))
                // An absent br-int shows in no update: reconcile once the monitors are in place in any case.
                .thenRun(reconcile::request)
                .thenCompose(ignored -> client.closeFuture());
    }

    private void onBridgeUpdates(List<RowUpdate> updates) {
        boolean touchesBridge = updates.stream().anyMatch(update -> switch (update.table()) {
            case CONTROLLER -> true;
            case INTERFACE -> watchedInterfaces.contains(textOf(update.column("name")));
            default -> watchedBridges.contains(textOf(update.column("name")));
        });
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
        TunnelPorts tunnels = new TunnelPorts(client, bridgeSpec.name(), tunnelSpecs);
        return resolveHostName(client)
                .thenCompose(host -> bridge.ensure()
                        .thenCompose(outcome -> bridge.awaitDatapathId(DATAPATH_ID_TIMEOUT))
                        .thenCompose(datapathId -> tunnels.ensure().thenCompose(tunnelNumbers ->
                                ensurePhysicalBridges(client).thenAccept(patchNumbers -> {
                                    // Not settled: the OVSDB update that numbers a port or shows a new bridge
                                    // brings the next run.
                                    if (tunnelNumbers.settled() && patchNumbers.settled()) {
                                        publish(new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE,
                                                AgentInfo.OVS_AGENT_BINARY, config.tunnelIp(),
                                                config.bridgeMappings(), datapathId, tunnelNumbers.ofports(),
                                                patchNumbers.ofports(), config.l3()));
                                    }
                                }))))
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

    /**
     * On the userspace datapath, tunnel ports take their source from ovs-vswitchd's route to the peers
     * ({@link TunnelPortSpec.Source#ROUTED}), which {@link TunnelRouteKeeper} keeps.
     */
    private TunnelPortSpec.Source tunnelSource() {
        return USERSPACE_DATAPATH.equals(config.datapathType()) ? TunnelPortSpec.Source.ROUTED
                : TunnelPortSpec.Source.PINNED;
    }

    /**
     * Each mapped bridge exists (created if missing) with its end of the patch, then br-int's ends; completes
     * with br-int's patch port numbers by physical network.
     */
    private CompletableFuture<TunnelPorts.Numbers> ensurePhysicalBridges(OvsdbClient client) {
        CompletableFuture<Boolean> settled = CompletableFuture.completedFuture(true);
        for (Map.Entry<String, TunnelPortSpec> patch : physicalPatches.entrySet()) {
            ProviderBridge bridge = new ProviderBridge(client, patch.getKey(), config.datapathType());
            TunnelPorts end = new TunnelPorts(client, patch.getKey(), List.of(patch.getValue()));
            settled = settled.thenCompose(before -> bridge.ensure()
                    .thenCompose(existed -> end.ensure())
                    .thenApply(numbers -> before && numbers.settled()));
        }
        TunnelPorts integrationEnds = new TunnelPorts(client, bridgeSpec.name(), integrationPatches);
        return settled.thenCompose(bridgesSettled -> integrationEnds.ensure()
                .thenApply(numbers -> new TunnelPorts.Numbers(numbers.ofports(), bridgesSettled && numbers.settled())));
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
            channel = new AgentChannelClient(channelLoop, agentChannel, newInfo, ports::current,
                    l3 == null ? AgentChannelClient.RouterUpdates.NONE : l3, mapper);
            channel.start();
        } else {
            log.info("{} datapath id {}, tunnel ports {} (were {}, {}): registering again", bridgeSpec.name(),
                    newInfo.datapathId(), newInfo.tunnelPorts(), info.datapathId(), info.tunnelPorts());
            channel.updateInfo(newInfo);
        }
        info = newInfo;
        started.complete(newInfo);
    }

    private void portsChanged() {
        AgentChannelClient client;
        synchronized (this) {
            client = channel;
        }
        // Before the first registration there is no one to tell: the registration sends them all.
        if (client != null) {
            client.portsChanged();
        }
    }

    private void routersApplied(List<RouterPlan> plans) {
        AgentChannelClient client;
        synchronized (this) {
            client = channel;
        }
        if (client != null) {
            client.routersApplied(plans);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private static String textOf(JsonNode value) {
        return value == null ? null : value.asText();
    }
}
