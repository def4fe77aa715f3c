package io.sluice.controller.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.agents.AgentRegistry;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.FailingStore;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.Heartbeat;
import io.sluice.models.ipam.MplsLabels;
import io.sluice.models.tenant.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The failover job against an agent registry on a hand-driven monotonic clock and a store. */
class RouterFailoverTaskTest {
    private static final String ROUTER = "55555555-5555-4555-8555-555555555555";
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    private static final Duration DOWN_TIME = Duration.ofSeconds(6);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final FailingStore store = new FailingStore(new InMemoryStore());
    private final TenantRepository repository = new TenantRepository(store, Clock.systemUTC());
    private AgentRegistry registry = registry();

    @AfterEach
    void close() {
        repository.close();
        store.close();
    }

    private AgentRegistry registry() {
        return new AgentRegistry(HEARTBEAT, DOWN_TIME, Clock.systemUTC(), nanos::get);
    }

    private static AgentInfo l3(String host) {
        return new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "100.64.0.10", Map.of(),
                null, Map.of(), Map.of(), true);
    }

    private RouterFailoverTask task() {
        return new RouterFailoverTask(registry, repository, new MplsLabels(Duration.ofSeconds(60)), DOWN_TIME,
                nanos::get);
    }

    private void routerOn(String host) {
        repository.mutate(s -> Changes.of().put(new Router(ROUTER, "alpha", "r", "", true, null, List.of(), 0), "")
                .routerHost(ROUTER, host));
    }

    /** Time passes; net2 heartbeats all along, net1 is silent. */
    private void pass(Duration duration) {
        for (long step = 0; step < duration.toMillis(); step += 500) {
            nanos.addAndGet(500_000_000L);
            registry.heartbeat(new Heartbeat("net2", step));
        }
    }

    private String routerHost() {
        return repository.current().routerHosts().get(ROUTER);
    }

    @Test
    void aSilentL3AgentsRouterMovesOnceTheGraceHasPassedAndOnlyOnce() {
        registry.register(l3("net1"));
        registry.register(l3("net2"));
        routerOn("net1");
        RouterFailoverTask task = task();
        pass(DOWN_TIME.minusMillis(500));
        task.run();
        assertThat(routerHost()).as("net1 still alive").isEqualTo("net1");
        pass(Duration.ofMillis(500));
        task.run();
        assertThat(routerHost()).isEqualTo("net2");
        long revision = store.revision();
        pass(Duration.ofSeconds(10));
        task.run();
        assertThat(store.revision()).as("nothing more to do").isEqualTo(revision);
    }

    @Test
    void anAgentThatComesBackInTimeKeepsItsRouter() {
        registry.register(l3("net1"));
        registry.register(l3("net2"));
        routerOn("net1");
        RouterFailoverTask task = task();
        pass(DOWN_TIME.minusSeconds(1));
        registry.heartbeat(new Heartbeat("net1", 1));
        pass(DOWN_TIME.minusSeconds(1));
        task.run();
        assertThat(routerHost()).isEqualTo("net1");
    }

    @Test
    void afterAControllerRestartTheRestoredAgentsGetTheWholeGraceToComeBack() {
        routerOn("net1");
        // Restored agents count as dead at once: a task measuring silence alone would move the router now.
        registry.restore(List.of(l3("net1"), l3("net2")), Map.of());
        RouterFailoverTask task = task();
        registry.register(l3("net2"));
        task.run();
        pass(DOWN_TIME.minusMillis(500));
        task.run();
        assertThat(routerHost()).isEqualTo("net1");
        pass(Duration.ofMillis(500));
        task.run();
        assertThat(routerHost()).as("net1 never came back").isEqualTo("net2");
    }

    @Test
    void withNoAliveL3AgentTheRouterStays() {
        registry.register(l3("net1"));
        routerOn("net1");
        RouterFailoverTask task = task();
        long revision = store.revision();
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        task.run();
        task.run();
        assertThat(routerHost()).isEqualTo("net1");
        assertThat(store.revision()).isEqualTo(revision);
    }

    @Test
    void aMoveTheStoreRefusesIsTriedAgainAtTheNextRun() {
        registry.register(l3("net1"));
        registry.register(l3("net2"));
        routerOn("net1");
        RouterFailoverTask task = task();
        pass(DOWN_TIME);
        store.failing = true;
        task.run();
        task.run();
        assertThat(routerHost()).isEqualTo("net1");
        store.failing = false;
        task.run();
        assertThat(routerHost()).isEqualTo("net2");
    }
}
