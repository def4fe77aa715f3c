package io.sluice.controller.agents;

import io.sluice.models.agent.AgentInfo;
import java.time.Instant;

/**
 * What the controller knows of one node agent.
 *
 * @param info          what the agent reported when it registered
 * @param registeredAt  when it last registered
 * @param lastHeartbeat wall-clock time of its last heartbeat (what Neutron shows as heartbeat_timestamp)
 * @param lastHeartbeatNanos the same instant on the monotonic clock, which liveness is judged by
 * @param connected     whether its agent-channel connection is open now
 */
public record AgentRecord(AgentInfo info, Instant registeredAt, Instant lastHeartbeat, long lastHeartbeatNanos,
                          boolean connected) {
    AgentRecord heartbeat(Instant now, long nowNanos) {
        return new AgentRecord(info, registeredAt, now, nowNanos, connected);
    }

    AgentRecord disconnected() {
        return new AgentRecord(info, registeredAt, lastHeartbeat, lastHeartbeatNanos, false);
    }
}
