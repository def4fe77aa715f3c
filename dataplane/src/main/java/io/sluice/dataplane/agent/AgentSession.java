package io.sluice.dataplane.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.dataplane.jsonrpc.JsonRpcPeer;
import io.sluice.dataplane.net.Futures;
import io.sluice.models.agent.AgentChannel;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.Heartbeat;
import io.sluice.models.agent.RegisterReply;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the agent channel: registers, then sends heartbeats at the interval the controller
 * answered with, until the connection closes. A failed or unanswered registration closes the connection,
 * so that the client reconnects and tries again.
 */
final class AgentSession {
    static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

    private final Channel channel;
    private final JsonRpcPeer peer;
    private final ObjectMapper mapper;
    private final AtomicLong sequence;
    private volatile AgentInfo registeredAs;
    private ScheduledFuture<?> heartbeats; // touched only on the channel's event loop

    /** @param sequence the agent-wide heartbeat counter: it runs on across connections */
    AgentSession(Channel channel, JsonRpcPeer peer, ObjectMapper mapper, AtomicLong sequence) {
        this.channel = channel;
        this.peer = peer;
        this.mapper = mapper;
        this.sequence = sequence;
        channel.closeFuture().addListener(ignored -> stopHeartbeats());
    }

    /** Sends {@code register}; on the reply, (re)starts heartbeats at the interval it names. */
    void register(AgentInfo info) {
        JsonNode params = mapper.createArrayNode().add(mapper.valueToTree(info));
        peer.call(AgentChannel.REGISTER, params)
                .orTimeout(REGISTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(result -> mapper.convertValue(result, RegisterReply.class))
                .whenComplete((reply, error) -> {
                    if (error != null) {
                        if (channel.isActive()) {
                            log.warn("{}: register failed, reconnecting: {}", peer.peerName(),
                                    Futures.unwrap(error).getMessage());
                            channel.close();
                        }
                        return;
                    }
                    log.info("{}: registered host {} (datapath {}), heartbeat every {} ms", peer.peerName(),
                            info.host(), info.datapathId(), reply.heartbeatIntervalMs());
                    registeredAs = info;
                    channel.eventLoop().execute(() -> startHeartbeats(info.host(), reply.heartbeatIntervalMs()));
                });
    }

    boolean isRegistered() {
        return registeredAs != null && channel.isActive();
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
}
