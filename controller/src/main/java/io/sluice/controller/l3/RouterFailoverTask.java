package io.sluice.controller.l3;

import io.sluice.controller.agents.AgentRecord;
import io.sluice.controller.agents.AgentRegistry;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.MplsLabels;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The housekeeping job that moves the routers of failed L3 agents ({@link RouterFailover}), one store commit per
 * router ({@link RouterMove}). Silence is counted from this task's creation at the earliest: a restarted controller
 * restores its agents as dead, and they get the whole grace to come back before any router moves.
 */
public final class RouterFailoverTask implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RouterFailoverTask.class);

    private final AgentRegistry agents;
    private final TenantRepository tenants;
    private final MplsLabels labels;
    private final Duration grace;
    private final LongSupplier nanoTime;
    private final long startNanos;
    /** The stranded routers last logged, so a lasting failure is logged once, not at every run. */
    private Map<String, String> loggedStranded = Map.of();
    /** Moves that failed at their last try and were logged (e.g. no free MPLS label, store unwritable). */
    private Set<RouterMove> loggedFailures = Set.of();

    /** @param grace how long a dead L3 agent must have been silent before its routers move */
    public RouterFailoverTask(AgentRegistry agents, TenantRepository tenants, MplsLabels labels, Duration grace,
                              LongSupplier nanoTime) {
        this.agents = agents;
        this.tenants = tenants;
        this.labels = labels;
        this.grace = grace;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    @Override
    public void run() {
        RouterFailover.L3Agents l3Agents = l3Agents();
        RouterFailover.Decision decision = RouterFailover.decide(tenants.current(), l3Agents, grace);
        Set<RouterMove> failures = new HashSet<>();
        for (RouterMove move : decision.moves()) {
            try {
                commit(move, l3Agents.silence().get(move.from()));
            } catch (RuntimeException e) {
                failures.add(move);
                if (!loggedFailures.contains(move)) {
                    log.warn("cannot move router {} from {} to {} (retrying quietly): {}", move.routerId(),
                            move.from(), move.to(), e.toString());
                }
            }
        }
        loggedFailures = failures;
        if (!decision.stranded().equals(loggedStranded) && !decision.stranded().isEmpty()) {
            log.warn("no L3 agent is alive: routers stay on their failed hosts {}", decision.stranded());
        }
        loggedStranded = decision.stranded();
    }

    private void commit(RouterMove move, Duration silence) {
        // The agent is asked again at commit time: it may have come back since the decision.
        TenantState after = tenants.mutate(state -> agents.agent(move.from()).filter(agents::isAlive).isPresent()
                ? Changes.of() : move.changes(state, labels, tenants.now()));
        if (move.to().equals(after.model().routerHosts().get(move.routerId()))) {
            // A warning: a node failed and tenants' traffic was cut until now.
            log.warn("router {} rescheduled from {} to {}: its L3 agent silent for {} ms", move.routerId(),
                    move.from(), move.to(), silence.toMillis());
        }
    }

    private RouterFailover.L3Agents l3Agents() {
        Duration uptime = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
        Set<String> alive = new HashSet<>();
        Map<String, Duration> silence = new HashMap<>();
        for (AgentRecord agent : agents.agents()) {
            if (!agent.info().l3()) {
                continue;
            }
            if (agents.isAlive(agent)) {
                alive.add(agent.info().host());
            }
            Duration silent = agents.silentFor(agent);
            silence.put(agent.info().host(), silent.compareTo(uptime) < 0 ? silent : uptime);
        }
        return new RouterFailover.L3Agents(alive, silence);
    }
}
