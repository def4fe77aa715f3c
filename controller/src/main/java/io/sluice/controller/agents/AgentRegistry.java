package io.sluice.controller.agents;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agents the controller has heard from, and whether each is alive: an agent is alive while its
 * last heartbeat is younger than the down time. Liveness is judged on the monotonic clock, so a wall-clock
 * jump cannot kill or revive agents; heartbeats are taken on the network threads, never behind compile work.
 */
public final class AgentRegistry {
    private static final Logger log = LoggerFactory.getLogger(AgentRegistry.class);

    /** Told when an agent's registration (and so the host-to-switch map) changes. */
    public interface Listener {
        void agentRegistered(AgentInfo info);
    }

    private final Duration heartbeatInterval;
    private final Duration downTime;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Map<String, AgentRecord> agents = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public AgentRegistry(Duration heartbeatInterval, Duration downTime, Clock clock, LongSupplier nanoTime) {
        if (downTime.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("agent down time " + downTime
                    + " must exceed the heartbeat interval " + heartbeatInterval);
        }
        this.heartbeatInterval = heartbeatInterval;
        this.downTime = downTime;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void register(AgentInfo info) {
        AgentRecord previous = agents.put(info.host(),
                new AgentRecord(info, clock.instant(), clock.instant(), nanoTime.getAsLong(), true));
        if (previous == null || !previous.info().equals(info)) {
            log.info("agent {} registered: {}", info.host(), info);
            listeners.forEach(l -> l.agentRegistered(info));
        } else {
            log.debug("agent {} registered again", info.host());
        }
    }

    /** Records a heartbeat; one from a host that never registered is ignored (it must register first). */
    public void heartbeat(Heartbeat heartbeat) {
        AgentRecord updated = agents.computeIfPresent(heartbeat.host(),
                (host, agent) -> agent.heartbeat(clock.instant(), nanoTime.getAsLong()));
        if (updated == null) {
            log.warn("heartbeat from unregistered agent {}", heartbeat.host());
        }
    }

    public void disconnected(String host) {
        agents.computeIfPresent(host, (h, agent) -> agent.disconnected());
    }

    public boolean isAlive(AgentRecord agent) {
        return nanoTime.getAsLong() - agent.lastHeartbeatNanos() < downTime.toNanos();
    }

    public Optional<AgentRecord> agent(String host) {
        return Optional.ofNullable(agents.get(host));
    }

    public List<AgentRecord> agents() {
        return List.copyOf(agents.values());
    }
}
