package io.sluice.models.agent;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The controller's answer to {@code register}: the heartbeat interval it expects, so that interval and
 * down time are configured in one place (the controller).
 */
public record RegisterReply(@JsonProperty("heartbeat_interval_ms") long heartbeatIntervalMs) {
    public RegisterReply {
        if (heartbeatIntervalMs <= 0) {
            throw new IllegalArgumentException("heartbeat interval must be positive");
        }
    }
}
