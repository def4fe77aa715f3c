package io.sluice.controller.openflow;

import io.sluice.controller.ratelimit.RateLimit;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The OpenFlow channel's settings.
 *
 * @param listen           where switches connect (default 0.0.0.0:6653)
 * @param echoInterval     idle time after which an echo request probes the switch (default 5 s)
 * @param deadTimeout      silence after which the switch is declared dead and its session closed (default 15 s)
 * @param handshakeTimeout time a new connection has to complete HELLO to ROLE_REPLY (default 10 s)
 * @param generationId     role generation id; must grow across controller restarts, so it is time-based
 * @param packetInBudget   PACKET_INs one connection may deliver to the services; the rest are dropped
 */
public record OpenFlowConfig(InetSocketAddress listen, Duration echoInterval, Duration deadTimeout,
                             Duration handshakeTimeout, long generationId, RateLimit packetInBudget) {
    public static final int DEFAULT_PORT = 6653;
    /**
     * Sluice punts only DHCP (at most 10/s per port, {@code DhcpService.PER_PORT_LIMIT}), so 1,000/s with
     * a burst of 2,000 lets a hypervisor's hundred VMs boot at once while a flood costs the services at
     * most that.
     */
    public static final RateLimit DEFAULT_PACKET_IN_BUDGET = new RateLimit(1000, 2000);

    public OpenFlowConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(packetInBudget, "packetInBudget");
        if (echoInterval.isNegative() || echoInterval.isZero() || deadTimeout.compareTo(echoInterval) < 0) {
            throw new IllegalArgumentException("need 0 < echo interval <= dead timeout, got " + echoInterval
                    + " and " + deadTimeout);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive");
        }
    }

    public static OpenFlowConfig defaults() {
        return new OpenFlowConfig(new InetSocketAddress("0.0.0.0", DEFAULT_PORT), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofSeconds(10), System.currentTimeMillis(),
                DEFAULT_PACKET_IN_BUDGET);
    }

    public OpenFlowConfig withListen(InetSocketAddress address) {
        return new OpenFlowConfig(address, echoInterval, deadTimeout, handshakeTimeout, generationId,
                packetInBudget);
    }

    public OpenFlowConfig withKeepalive(Duration interval, Duration dead) {
        return new OpenFlowConfig(listen, interval, dead, handshakeTimeout, generationId, packetInBudget);
    }

    public OpenFlowConfig withHandshakeTimeout(Duration timeout) {
        return new OpenFlowConfig(listen, echoInterval, deadTimeout, timeout, generationId, packetInBudget);
    }

    public OpenFlowConfig withPacketInBudget(RateLimit budget) {
        return new OpenFlowConfig(listen, echoInterval, deadTimeout, handshakeTimeout, generationId, budget);
    }
}
