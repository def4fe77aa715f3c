package io.sluice.controller;

import io.sluice.controller.openflow.OpenFlowConfig;
import io.sluice.models.tenant.MplsEncapsulation;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The controller's settings.
 *
 * @param openflow          the OpenFlow channel
 * @param agentListen       where node agents connect (default 0.0.0.0:6670)
 * @param heartbeatInterval how often agents send heartbeats (default 2 s)
 * @param agentDownTime     silence after which an agent is shown dead (default 6 s)
 * @param operatorFlows     a JSON file of hand-configured flows, watched for changes
 * @param auditInterval     how often every switch is re-read to repair drift (default 60 s)
 * @param bundleLimit       flow changes up to this many go in one atomic bundle; more are pipelined
 * @param stateDir          where the store keeps the tenant model (MapDB, in stateDir/store)
 * @param mplsEncapsulation how MPLS networks' labelled packets cross the underlay (one choice per deployment)
 * @param routerFailover    how long a dead L3 agent must have been silent before its routers move to alive ones
 *                          (at least the agent down time: a router of an alive agent never moves); empty: never
 * @param labelQuarantine   how long a released MPLS label is kept from reuse (router ports moved by failover)
 */
public record ControllerConfig(OpenFlowConfig openflow, InetSocketAddress agentListen, Duration heartbeatInterval,
                               Duration agentDownTime, Optional<Path> operatorFlows, Duration auditInterval,
                               int bundleLimit, Path stateDir, MplsEncapsulation mplsEncapsulation,
                               Optional<Duration> routerFailover, Duration labelQuarantine) {
    public ControllerConfig {
        if (auditInterval.isNegative() || auditInterval.isZero()) {
            throw new IllegalArgumentException("audit interval must be positive");
        }
        Objects.requireNonNull(mplsEncapsulation, "mplsEncapsulation");
        if (bundleLimit < 0) {
            throw new IllegalArgumentException("bundle limit must not be negative");
        }
        if (routerFailover.filter(grace -> grace.compareTo(agentDownTime) < 0).isPresent()) {
            throw new IllegalArgumentException("router failover grace " + routerFailover.get()
                    + " is shorter than the agent down time " + agentDownTime + ": routers of alive agents would move");
        }
    }
}
