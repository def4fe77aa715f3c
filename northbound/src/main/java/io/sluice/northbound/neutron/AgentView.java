package io.sluice.northbound.neutron;

import io.sluice.controller.agents.AgentRegistry;
import io.sluice.models.agent.AgentInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The node agents as the Neutron API shows them (GET /v2.0/agents) and binds ports to them. */
@FunctionalInterface
public interface AgentView {
    /**
     * One agent.
     *
     * @param registeredAt  when it (last) registered: Neutron's created_at and started_at
     * @param lastHeartbeat its last heartbeat, wall clock: heartbeat_timestamp
     * @param alive         heartbeat younger than the down time
     */
    record Agent(AgentInfo info, Instant registeredAt, Instant lastHeartbeat, boolean alive) {
    }

    List<Agent> agents();

    default Optional<Agent> agent(String host) {
        return agents().stream().filter(a -> a.info().host().equals(host)).findFirst();
    }

    /** The controller's registry, liveness judged at each call. */
    public static AgentView of(AgentRegistry registry) {
        return () -> registry.agents().stream().map(a -> new Agent(a.info(), a.registeredAt(), a.lastHeartbeat(),
                registry.isAlive(a))).toList();
    }
}
