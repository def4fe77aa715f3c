package io.sluice.models.agent;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A node agent's periodic proof of life.
 *
 * @param host     the registered host name
 * @param sequence increases by one per heartbeat since the agent started; a reset means the agent restarted
 */
public record Heartbeat(@JsonProperty("host") String host, @JsonProperty("sequence") long sequence) {
    public Heartbeat {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("heartbeat host must not be blank");
        }
    }
}
