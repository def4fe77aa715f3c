package io.sluice.controller.l3;

import io.sluice.models.tenant.TenantModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Neutron's automatic L3 agent failover ({@code allow_automatic_l3agent_failover}) as a pure decision: the routers
 * of an L3 agent that is dead and has been silent for at least the grace go to the least-loaded alive L3 agents
 * ({@link RouterScheduler}), one after another so each choice counts the moves before it. A router whose agent is
 * alive, or whose host is no L3 agent the controller knows, never moves.
 */
public final class RouterFailover {
    private RouterFailover() {
    }

    /**
     * The L3 agents as the controller sees them now.
     *
     * @param alive   hosts of the alive L3 agents
     * @param silence every known L3 agent's time since its last heartbeat, alive or not
     */
    public record L3Agents(Set<String> alive, Map<String, Duration> silence) {
        public L3Agents {
            alive = Set.copyOf(alive);
            silence = Map.copyOf(silence);
        }

        /** Dead, and silent for at least the grace. */
        boolean hasFailed(String host, Duration grace) {
            Duration silent = silence.get(host);
            return silent != null && !alive.contains(host) && silent.compareTo(grace) >= 0;
        }
    }

    /**
     * What to do now.
     *
     * @param moves    routers to move, in router id order
     * @param stranded routers of failed agents that have nowhere to go (no L3 agent is alive), by router id
     */
    public record Decision(List<RouterMove> moves, Map<String, String> stranded) {
        public Decision {
            moves = List.copyOf(moves);
            stranded = Map.copyOf(stranded);
        }
    }

    /** @param grace how long a dead L3 agent must have been silent before its routers move */
    public static Decision decide(TenantModel model, L3Agents agents, Duration grace) {
        Map<String, String> bindings = new HashMap<>(model.routerHosts());
        List<RouterMove> moves = new ArrayList<>();
        Map<String, String> stranded = new TreeMap<>();
        for (String router : new TreeSet<>(model.routerHosts().keySet())) {
            String host = model.routerHosts().get(router);
            if (!model.routers().containsKey(router) || !agents.hasFailed(host, grace)) {
                continue;
            }
            Optional<String> target = RouterScheduler.choose(agents.alive(), bindings);
            if (target.isEmpty()) {
                stranded.put(router, host);
                continue;
            }
            bindings.put(router, target.get());
            moves.add(new RouterMove(router, host, target.get()));
        }
        return new Decision(moves, stranded);
    }
}
