package io.sluice.bench.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.AttributeKey;
import io.sluice.controller.openflow.OfCodec;
import io.sluice.dataplane.agent.AgentChannelClient;
import io.sluice.dataplane.agent.L3Agent;
import io.sluice.dataplane.net.Backoff;
import io.sluice.dataplane.net.Futures;
import io.sluice.dataplane.net.Reconnector;
import io.sluice.dataplane.ports.VmPort;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.l3.RouterPlan;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * One emulated hypervisor: its br-int ({@link EmulatedSwitch}) on an OpenFlow connection to the controller,
 * kept up by the same reconnect rule the node agent uses, and its node agent, the dataplane's own
 * {@link AgentChannelClient}, registering the host with br-int's datapath id, tunnel IP and tunnel ports and
 * reporting the VMs plugged. Plugging a VM adds its port to the switch (port-status to the controller) and
 * to the agent's report, as os-vif and OVS do on a real host. A network node is also an L3 agent whose router
 * legs are plugged the same way. The switch is touched on its event loop only.
 */
final class FleetHost implements AutoCloseable {
    /** The physical network of the routers' external network, patched to br-int on every network node. */
    static final String EXTERNAL_PHYSNET = "public";
    /** How often the network nodes' L3 agents audit their (emulated) namespaces, as a real one's default. */
    private static final Duration L3_AUDIT = Duration.ofSeconds(60);
    private final String name;
    private final EventLoop loop;
    private final EmulatedSwitch sw;
    private final Map<String, VmPort> vms = new ConcurrentHashMap<>();
    private final Map<String, Integer> ofports = new ConcurrentHashMap<>();
    private final AtomicInteger nextOfport = new AtomicInteger(1);
    private final FleetStats stats;
    private final Reconnector<Channel> openflow;
    private final AgentChannelClient agent;
    private final L3Agent l3;
    private volatile Channel channel;

    /** Hypervisor {@code index} (from 1): {@code sf-hv0001}..., VM ports only. */
    static FleetHost hypervisor(int index, EventLoopGroup loops, InetSocketAddress controller,
                                InetSocketAddress agentChannel, ObjectMapper mapper, FleetStats stats,
                                LongSupplier clockMicros) {
        return new FleetHost(String.format("sf-hv%04d", index), 0x5f00_0000_0000_0000L | index, tunnelIp(index), false,
                loops, controller, agentChannel, mapper, stats, clockMicros);
    }

    /**
     * Network node {@code index} (from 1): {@code sf-net01}..., an L3 agent too (the dataplane's {@link L3Agent}
     * over {@link EmulatedRouters}), with br-int patched to physical network {@value #EXTERNAL_PHYSNET}'s bridge.
     */
    static FleetHost networkNode(int index, EventLoopGroup loops, InetSocketAddress controller,
                                 InetSocketAddress agentChannel, ObjectMapper mapper, FleetStats stats,
                                 LongSupplier clockMicros) {
        return new FleetHost(String.format("sf-net%02d", index), 0x5f01_0000_0000_0000L | index,
                "10.127." + ((index >> 8) & 0xFF) + "." + (index & 0xFF), true, loops, controller, agentChannel,
                mapper, stats, clockMicros);
    }

    private FleetHost(String name, long datapathId, String tunnelIp, boolean l3, EventLoopGroup loops,
                      InetSocketAddress controller, InetSocketAddress agentChannel, ObjectMapper mapper,
                      FleetStats stats, LongSupplier clockMicros) {
        this.name = name;
        this.loop = loops.next();
        this.stats = stats;
        DatapathId dpid = DatapathId.of(datapathId);
        this.sw = new EmulatedSwitch(dpid, clockMicros, stats.activity::incrementAndGet);
        if (l3) {
            sw.addProviderPatch();
        }
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class).remoteAddress(controller)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("frame", OfCodec.frameDecoder())
                                .addLast("decoder", new OfCodec.Decoder())
                                .addLast("encoder", new OfCodec.Encoder())
                                .addLast("switch", new Connection());
                    }
                });
        // The node agent's reconnect rule (100 ms doubling to 2 s); OVS's own would wait up to 8 s.
        this.openflow = new Reconnector<>(name + " openflow", loop, Backoff.forReconnect(),
                () -> Futures.connected(bootstrap.connect()), this::connected, Channel::close);
        AgentInfo info = new AgentInfo(name, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, tunnelIp,
                l3 ? Map.of(EXTERNAL_PHYSNET, "br-ex") : Map.of(), HexFormat.of().toHexDigits(dpid.getLong()),
                Map.of(AgentInfo.VXLAN_TUNNEL, EmulatedSwitch.VXLAN_OFPORT,
                        AgentInfo.MPLSOGRE_TUNNEL, EmulatedSwitch.MPLSOGRE_OFPORT),
                l3 ? Map.of(EXTERNAL_PHYSNET, EmulatedSwitch.PROVIDER_OFPORT) : Map.of(), l3);
        this.l3 = l3 ? new L3Agent(new EmulatedRouters((portId, mac) -> plug(portId, MacAddress.of(mac)),
                this::unplug, this::reportPorts), L3_AUDIT, this::routersApplied) : null;
        this.agent = new AgentChannelClient(loops, agentChannel, info, () -> Map.copyOf(vms),
                this.l3 == null ? AgentChannelClient.RouterUpdates.NONE : this.l3, mapper);
    }

    /** Hypervisor {@code index}'s tunnel endpoint: 10.128.0.0/9, never routed (no packet leaves the fleet). */
    static String tunnelIp(int index) {
        return "10." + (128 + (index >> 16)) + "." + ((index >> 8) & 0xFF) + "." + (index & 0xFF);
    }

    String name() {
        return name;
    }

    DatapathId dpid() {
        return sw.dpid();
    }

    void start() {
        openflow.start();
        agent.start();
    }

    boolean agentRegistered() {
        return agent.isRegistered();
    }

    boolean connected() {
        Channel current = channel;
        return current != null && current.isActive();
    }

    /** Plugs a VM's port: numbered by the switch, announced by port-status and the agent. Returns its ofport. */
    int plug(String portId, MacAddress mac) {
        int ofport = ofports.computeIfAbsent(portId, id -> nextOfport.getAndIncrement());
        vms.put(portId, new VmPort(portId, ofport, mac.toString()));
        String tap = "tap" + portId.substring(0, Math.min(11, portId.length()));
        loop.execute(() -> {
            var status = sw.plug(ofport, tap, mac);
            Channel current = channel;
            if (current != null && current.isActive()) {
                current.writeAndFlush(status);
            }
        });
        return ofport;
    }

    void unplug(String portId) {
        Integer ofport = ofports.remove(portId);
        vms.remove(portId);
        if (ofport != null) {
            loop.execute(() -> sw.unplug(ofport).ifPresent(status -> {
                Channel current = channel;
                if (current != null && current.isActive()) {
                    current.writeAndFlush(status);
                }
            }));
        }
    }

    /** Tells the agent to report what changed in the VMs plugged: call after a batch of plugs. */
    void reportPorts() {
        agent.portsChanged();
    }

    /** Drops the OpenFlow connection, as a network blip would; the reconnect rule brings it back. */
    void dropConnection() {
        Channel current = channel;
        if (current != null) {
            stats.droppedByFleet.incrementAndGet();
            current.attr(Connection.DROPPED_BY_US).set(Boolean.TRUE);
            current.close();
        }
    }

    /** The switch's counters and table sizes, read on its event loop. */
    CompletableFuture<SwitchReport> report() {
        CompletableFuture<SwitchReport> report = new CompletableFuture<>();
        loop.execute(() -> {
            EmulatedSwitch.Counters c = sw.counters();
            FlowTable t = sw.table();
            report.complete(new SwitchReport(name, sw.dpid().toString(), c.flowMods, c.groupMods, c.meterMods,
                    c.bundlesCommitted, c.bundlesRefused, c.errorsSent, t.flowCount(), t.groupCount(),
                    t.meterCount(), c.lastChangeMicros, c.lastAckMicros, c.connections, connected()));
        });
        return report;
    }

    /** One switch's figures, as the fleet reports them to the driver. */
    record SwitchReport(String host, String dpid, long flowMods, long groupMods, long meterMods, long bundlesCommitted,
                        long bundlesRefused, long errorsSent, int flows, int groups, int meters, long lastChangeMicros,
                        long lastAckMicros, long connections, boolean connected) {
    }

    @Override
    public void close() {
        if (l3 != null) {
            l3.close();
        }
        agent.close();
        openflow.close();
    }

    private void routersApplied(List<RouterPlan> plans) {
        agent.routersApplied(plans);
    }

    private CompletableFuture<?> connected(Channel ch) {
        channel = ch;
        return Futures.closed(ch);
    }

    /** The switch's end of one OpenFlow connection: hands every message to the switch and writes its answers. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        static final AttributeKey<Boolean> DROPPED_BY_US = AttributeKey.valueOf("dropped-by-fleet");

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(sw.hello());
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof OFRoleRequest) {
                stats.masterships.incrementAndGet();
            }
            List<Object> answers = sw.handle(msg);
            answers.forEach(answer -> ctx.write(answer, ctx.voidPromise()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            sw.disconnected();
            if (ctx.channel().attr(DROPPED_BY_US).get() == null) {
                stats.droppedByController.incrementAndGet();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.connectionErrors.incrementAndGet();
            ctx.close();
        }
    }

    /** Fleet-wide events, counted across every host. */
    static final class FleetStats {
        final AtomicLong masterships = new AtomicLong();
        final AtomicLong droppedByFleet = new AtomicLong();
        final AtomicLong droppedByController = new AtomicLong();
        final AtomicLong connectionErrors = new AtomicLong();
        /** Mods received and changes acknowledged by every switch: one number a driver can poll cheaply. */
        final AtomicLong activity = new AtomicLong();
    }
}
