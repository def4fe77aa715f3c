package io.sluice.dataplane.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.dataplane.jsonrpc.JsonRpcPeer;
import io.sluice.dataplane.net.Futures;
import io.sluice.dataplane.ports.VmPort;
import io.sluice.models.agent.AgentChannel;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.Heartbeat;
import io.sluice.models.agent.PortReport;
import io.sluice.models.agent.RegisterReply;
import io.sluice.models.l3.RouterPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the agent channel: registers, then sends heartbeats at the interval the controller
 * answered with, and the host's VM ports (see {@link PortSync}), until the connection closes. A failed or
 * unanswered registration closes the connection, so that the client reconnects and tries again.
 * Registrations and port updates are written from the channel's event loop only, which keeps each full
 * port list right behind its registration on the wire.
 */
final class AgentSession {
    static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

    private final Channel channel;
    private final JsonRpcPeer peer;
    private final ObjectMapper mapper;
    private final AtomicLong sequence;
    private final Supplier<Map<String, VmPort>> ports;
    private volatile AgentInfo registeredAs;
    // Touched only on the channel's event loop.
    private final PortSync portSync = new PortSync();
    private long registrationsSent;
    private ScheduledFuture<?> heartbeats;

    /**
     * @param sequence the agent-wide heartbeat counter: it runs on across connections
     * @param ports    the host's VM ports as they are now
     */
    AgentSession(Channel channel, JsonRpcPeer peer, ObjectMapper mapper, AtomicLong sequence,
                 Supplier<Map<String, VmPort>> ports) {
        this.channel = channel;
        this.peer = peer;
        this.mapper = mapper;
        this.sequence = sequence;
        this.ports = ports;
        channel.closeFuture().addListener(ignored -> stopHeartbeats());
    }

    /**
     * Sends {@code register}; on the reply, (re)starts heartbeats at the interval it names and sends the full
     * port list.
     */
    void register(AgentInfo info) {
        onEventLoop(() -> sendRegister(info));
    }

    /** Sends what changed in the VM ports since last sent, if anything; a burst of calls sends it once. */
    void portsChanged() {
        onEventLoop(() -> {
            List<PortReport> changes = portSync.changes(ports.get());
            if (!changes.isEmpty()) {
                sendPorts(changes);
            }
        });
    }

    void routersApplied(List<RouterPlan> plans) {
        peer.notify(AgentChannel.ROUTERS_APPLIED, mapper.valueToTree(plans));
    }

    boolean isRegistered() {
        return registeredAs != null && channel.isActive();
    }

    private void sendRegister(AgentInfo info) {
        long registration = ++registrationsSent;
        portSync.registering();
        JsonNode params = mapper.createArrayNode().add(mapper.valueToTree(info));
        peer.call(AgentChannel.REGISTER, params)
                .orTimeout(REGISTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(result -> mapper.convertValue(result, RegisterReply.class))
                .whenComplete((reply, error) -> onEventLoop(() -> {
                    if (error == null) {
                        registered(info, reply, registration);
                    } else if (channel.isActive()) {
                        log.warn("{}: register failed, reconnecting: {}", peer.peerName(),
                                Futures.unwrap(error).getMessage());
                        channel.close();
                    }
                }));
    }

    private void registered(AgentInfo info, RegisterReply reply, long registration) {
        log.info("{}: registered host {} (datapath {}, tunnel ports {}), heartbeat every {} ms", peer.peerName(),
                info.host(), info.datapathId(), info.tunnelPorts(), reply.heartbeatIntervalMs());
        registeredAs = info;
        startHeartbeats(info.host(), reply.heartbeatIntervalMs());
        // With a later register on its way, the controller keeps the list that follows that one's reply.
        if (registration == registrationsSent) {
            List<PortReport> all = portSync.fullList(info.host(), ports.get());
            log.debug("{}: reporting all {} VM ports", peer.peerName(), all.size());
            sendPorts(all);
        }
    }

    private void sendPorts(List<PortReport> reports) {
        peer.notify(AgentChannel.PORT_UPDATE, mapper.valueToTree(reports));
    }

    private void startHeartbeats(String host, long intervalMs) {
        stopHeartbeats();
        if (channel.isActive()) {
            heartbeats = channel.eventLoop().scheduleAtFixedRate(() -> beat(host), intervalMs, intervalMs,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void beat(String host) {
        Heartbeat heartbeat = new Heartbeat(host, sequence.getAndIncrement());
        peer.notify(AgentChannel.HEARTBEAT, mapper.createArrayNode().add(mapper.valueToTree(heartbeat)));
    }

    private void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
        }
    }

    private void onEventLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }
}
