package io.sluice.northbound.neutron;

import io.sluice.controller.agents.AgentRecord;
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

    /**
     * The controller's registry, liveness judged at each call. One host's agent is looked up by its host: a
     * port list shows every port's binding, and a scan of 1,000 agents for each of 100,000 ports took a GET
     * of the ports past a minute.
     */
    public static AgentView of(AgentRegistry registry) {
        return new AgentView() {
            @Override
            public List<Agent> agents() {
                return registry.agents().stream().map(a -> view(registry, a)).toList();
            }

            @Override
            public Optional<Agent> agent(String host) {
                return registry.agent(host).map(a -> view(registry, a));
            }
        };
    }

    private static Agent view(AgentRegistry registry, AgentRecord agent) {
        return new Agent(agent.info(), agent.registeredAt(), agent.lastHeartbeat(), registry.isAlive(agent));
    }
}
