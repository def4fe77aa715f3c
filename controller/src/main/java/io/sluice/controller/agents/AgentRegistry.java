package io.sluice.controller.agents;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.Heartbeat;
import io.sluice.models.agent.PortReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agents the controller has heard from, whether each is alive, and the VM ports each reported
 * (see {@link PortBook}). An agent is alive while its last heartbeat is younger than the down time. Liveness
 * is judged on the monotonic clock, so a wall-clock jump cannot kill or revive agents; heartbeats are taken
 * on the network threads, never behind compile work.
 */
public final class AgentRegistry {
    private static final Logger log = LoggerFactory.getLogger(AgentRegistry.class);

    /**
     * Where the registry keeps what agents reported, so that a restarted controller knows every host and
     * every plugged port before the agents reconnect. Called on the network threads: implementations hand
     * the write off.
     */
    public interface Persistence {
        Persistence NONE = new Persistence() {
            @Override
            public void saveAgent(AgentInfo info) {
            }

            @Override
            public void savePorts(String host, List<PortReport> reports) {
            }
        };

        void saveAgent(AgentInfo info);

        void savePorts(String host, List<PortReport> reports);
    }

    /** Told, on the network thread, when what the agents reported changes; must not block. */
    public interface Listener {
        /** An agent's registration (and so the host-to-switch map, tunnel ports) changed. */
        void agentRegistered(AgentInfo info);

        /** An agent registered or heartbeats again after it was taken for dead: work waiting for it can go. */
        default void agentAlive(AgentInfo info) {
        }

        /** A host's VM ports changed: {@link AgentRegistry#usablePortsEverywhere()} has them. */
        default void portsChanged(String host) {
        }
    }

    private final Duration heartbeatInterval;
    private final Duration downTime;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Map<String, AgentRecord> agents = new ConcurrentHashMap<>();
    private final Persistence persistence;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final PortBook ports = new PortBook();

    public AgentRegistry(Duration heartbeatInterval, Duration downTime, Clock clock, LongSupplier nanoTime) {
        this(heartbeatInterval, downTime, clock, nanoTime, Persistence.NONE);
    }

    public AgentRegistry(Duration heartbeatInterval, Duration downTime, Clock clock, LongSupplier nanoTime,
                         Persistence persistence) {
        this.persistence = persistence;
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

    /** Also readies the host's ports for the full list the agent sends after each registration. */
    public void register(AgentInfo info) {
        ports.registered(info.host());
        AgentRecord previous = agents.put(info.host(),
                new AgentRecord(info, clock.instant(), clock.instant(), nanoTime.getAsLong(), true));
        if (previous == null || !previous.info().equals(info)) {
            log.info("agent {} registered: {}", info.host(), info);
            persistence.saveAgent(info);
            listeners.forEach(l -> l.agentRegistered(info));
        } else {
            log.debug("agent {} registered again", info.host());
        }
        listeners.forEach(l -> l.agentAlive(info));
    }

    /** Records a heartbeat; one from a host that never registered is ignored (it must register first). */
    public void heartbeat(Heartbeat heartbeat) {
        AgentRecord before = agents.get(heartbeat.host());
        AgentRecord updated = agents.computeIfPresent(heartbeat.host(),
                (host, agent) -> agent.heartbeat(clock.instant(), nanoTime.getAsLong()));
        if (updated == null) {
            log.warn("heartbeat from unregistered agent {}", heartbeat.host());
        } else if (before != null && !isAlive(before)) {
            log.info("agent {} is alive again", heartbeat.host());
            listeners.forEach(l -> l.agentAlive(updated.info()));
        }
    }

    /**
     * Applies a {@code port_update} from a registered host's agent: its full list right after it registered,
     * else changes.
     */
    public void portUpdate(String host, List<PortReport> reports) {
        if (!agents.containsKey(host)) {
            log.warn("port update from unregistered agent {}", host);
            return;
        }
        if (ports.update(host, reports)) {
            // Listeners first: the store's write (a forced journal append) queued on the housekeeping thread ahead
            // of the recompile it asks for delayed every plugged port's flows by it.
            listeners.forEach(l -> l.portsChanged(host));
            persistence.savePorts(host, ports.reportsOf(host));
        }
    }

    /**
     * Puts back the agents and ports persisted before a restart. Their hosts and ports are known at once, so
     * switches can be reconciled against their whole desired state instead of a partial one. Each agent counts
     * as alive for one down time from the restore, as Neutron judges agents by the heartbeats its database
     * kept: a live agent reconnects well within it, and meanwhile Nova can still bind ports to its host (a
     * restored agent taken for dead made every such binding fail). One that does not come back is then dead.
     */
    public void restore(List<AgentInfo> infos, Map<String, List<PortReport>> portsByHost) {
        long restored = nanoTime.getAsLong();
        for (AgentInfo info : infos) {
            agents.putIfAbsent(info.host(), new AgentRecord(info, clock.instant(), Instant.EPOCH, restored,
                    false));
        }
        portsByHost.forEach(ports::restore);
        log.info("restored {} agents and the ports of {} hosts from the store", infos.size(), portsByHost.size());
    }

    /**
     * Every host's report of each usable VM port (two while a live migration plugs it on both), latest last: the
     * same map until a report changes.
     */
    public Map<String, List<PortReport>> usablePortsEverywhere() {
        return ports.usableEverywhere();
    }

    /** Keeps the agent's ports: its dataplane keeps forwarding, and on return its full list replaces them. */
    public void disconnected(String host) {
        agents.computeIfPresent(host, (h, agent) -> agent.disconnected());
    }

    public boolean isAlive(AgentRecord agent) {
        return nanoTime.getAsLong() - agent.lastHeartbeatNanos() < downTime.toNanos();
    }

    /** How long since the agent's last heartbeat; a restored agent counts as silent since one down time before the restore. */
    public Duration silentFor(AgentRecord agent) {
        return Duration.ofNanos(nanoTime.getAsLong() - agent.lastHeartbeatNanos());
    }

    public Optional<AgentRecord> agent(String host) {
        return Optional.ofNullable(agents.get(host));
    }

    public List<AgentRecord> agents() {
        return List.copyOf(agents.values());
    }
}
