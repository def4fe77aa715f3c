package io.sluice.controller.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.store.InMemoryStore;
import io.sluice.controller.store.Store;
import io.sluice.controller.tenant.FailingStore;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What agents reported survives a controller restart through the store. */
class StoredAgentFactsTest {
    private static final AgentInfo HV1 = new AgentInfo("hv1", AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY,
            "100.64.0.11", Map.of(), "0000000000000001", Map.of("vxlan", 65000), Map.of(), false);
    private static final PortReport VM1 = new PortReport("p-1", "hv1", 10, "fa:16:3e:00:00:01", true);
    private static final PortReport VM2 = new PortReport("p-2", "hv1", 11, "fa:16:3e:00:00:02", true);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    /** Writes at once; a refused write's retry is dropped (these tests never refuse one). */
    private static StoredAgentFacts facts(Store store) {
        return new StoredAgentFacts(store, Runnable::run, retry -> { });
    }

    private AgentRegistry registry(StoredAgentFacts facts) {
        return new AgentRegistry(Duration.ofSeconds(2), Duration.ofSeconds(6), Clock.systemUTC(), nanos::get, facts);
    }

    @Test
    void aRestartedControllerKnowsTheHostsAndPortsBeforeAnyAgentReconnects() {
        InMemoryStore store = new InMemoryStore();
        AgentRegistry before = registry(facts(store));
        before.register(HV1);
        before.portUpdate("hv1", List.of(VM1, VM2));
        before.portUpdate("hv1", List.of(new PortReport("p-2", "hv1", -1, "fa:16:3e:00:00:02", false)));

        AgentRegistry after = registry(facts(store));
        facts(store).restoreInto(after);

        assertThat(after.agent("hv1")).hasValueSatisfying(agent -> {
            assertThat(agent.info()).isEqualTo(HV1);
            assertThat(agent.connected()).isFalse();
            assertThat(after.isAlive(agent)).as("alive for its down time: Nova can bind to its host").isTrue();
        });
        assertThat(UsablePorts.of(after)).containsOnlyKeys("p-1").containsEntry("p-1", VM1);
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(after.isAlive(after.agent("hv1").orElseThrow())).as("dead once its down time has passed without "
                + "a heartbeat").isFalse();
    }

    @Test
    void theRestoredPortsStayUntilTheReconnectedAgentSendsItsFullList() {
        InMemoryStore store = new InMemoryStore();
        AgentRegistry before = registry(facts(store));
        before.register(HV1);
        before.portUpdate("hv1", List.of(VM1, VM2));
        AgentRegistry after = registry(facts(store));
        facts(store).restoreInto(after);

        after.register(HV1);
        assertThat(UsablePorts.of(after)).as("registered, full list not yet sent").containsOnlyKeys("p-1", "p-2");
        after.portUpdate("hv1", List.of(VM1));
        assertThat(UsablePorts.of(after)).as("the full list replaces the restored ports").containsOnlyKeys("p-1");
    }

    @Test
    void portsTheFullStoreRefusedAreWrittenInTheirLatestVersionOnceItTakesWritesAgain() {
        FailingStore store = new FailingStore(new InMemoryStore());
        List<Runnable> retries = new ArrayList<>();
        AgentRegistry before = registry(new StoredAgentFacts(store, Runnable::run, retries::add));
        before.register(HV1);
        store.failing = true;
        before.portUpdate("hv1", List.of(VM1));
        before.portUpdate("hv1", List.of(VM2));
        assertThat(retries).as("one retry for both refused writes").hasSize(1);
        retries.remove(0).run();
        assertThat(retries).as("the store still full: asked again").hasSize(1);

        store.failing = false;
        retries.remove(0).run();
        assertThat(retries).as("written: nothing left to retry").isEmpty();
        AgentRegistry after = registry(facts(store));
        facts(store).restoreInto(after);
        assertThat(UsablePorts.of(after)).as("the ports as the agent last reported them").containsOnlyKeys("p-1", "p-2");
    }

    @Test
    void reportsThatArriveWhileTheWriterIsBusyAreWrittenTogetherInOneCommitTheLatestOfEach() {
        InMemoryStore store = new InMemoryStore();
        List<Runnable> writerQueue = new ArrayList<>();
        AgentRegistry before = registry(new StoredAgentFacts(store, writerQueue::add, retry -> { }));
        for (int host = 1; host <= 10; host++) {
            before.register(new AgentInfo("hv" + host, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY,
                    "100.64.0." + host, Map.of(), String.format("%016x", host), Map.of(), Map.of(), false));
            before.portUpdate("hv" + host, List.of(new PortReport("p-" + host, "hv" + host, 10,
                    "fa:16:3e:00:00:01", true)));
        }
        before.portUpdate("hv1", List.of(new PortReport("p-1b", "hv1", 11, "fa:16:3e:00:00:02", true)));
        long revisionBefore = store.revision();

        assertThat(writerQueue).as("one write queued for all of them").hasSize(1);
        writerQueue.remove(0).run();

        assertThat(store.revision()).as("one commit").isEqualTo(revisionBefore + 1);
        AgentRegistry after = registry(facts(store));
        facts(store).restoreInto(after);
        assertThat(after.agents()).hasSize(10);
        assertThat(UsablePorts.of(after)).as("hv1's latest list, with both its ports").hasSize(11)
                .containsKeys("p-1", "p-1b", "p-2", "p-10");
    }
}
