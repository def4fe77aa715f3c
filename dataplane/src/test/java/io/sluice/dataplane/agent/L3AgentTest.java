package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.l3.RouterChanges;
import io.sluice.dataplane.l3.RouterNamespaces;
import io.sluice.dataplane.l3.RouterNaming;
import io.sluice.dataplane.testing.Await;
import io.sluice.models.l3.RouterPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class L3AgentTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration NO_AUDIT = Duration.ofHours(1);

    private final FakeNamespaces namespaces = new FakeNamespaces();
    private final List<List<RouterPlan>> reports = new CopyOnWriteArrayList<>();
    private L3Agent agent;

    @AfterEach
    void close() {
        agent.close();
    }

    @Test
    void convergesOneRunAtATimeAndReportsWhatItApplied() throws InterruptedException {
        agent = new L3Agent(namespaces, NO_AUDIT, reports::add);
        namespaces.blockNextApply();

        agent.routerUpdate(List.of(plan("r1")));
        namespaces.awaitBlocked();
        for (int i = 2; i <= 6; i++) {
            agent.routerUpdate(List.of(plan("r1"), plan("r" + i)));
        }
        namespaces.release();

        Await.until(WAIT, "the last update applied", () -> !reports.isEmpty()
                && reports.get(reports.size() - 1).equals(List.of(plan("r1"), plan("r6"))));
        assertThat(namespaces.maxConcurrentApplies.get()).isEqualTo(1);
        assertThat(reports).as("five updates during a run coalesce into one more run").hasSize(2);
        assertThat(reports.get(0)).containsExactly(plan("r1"));
        assertThat(namespaces.applied).doesNotContain("r2", "r3", "r4", "r5");
    }

    @Test
    void deletesNothingOnAConnectionUntilItsFirstRouterUpdate() throws InterruptedException {
        namespaces.existing.add("left-over");
        agent = new L3Agent(namespaces, Duration.ofMillis(20), reports::add);
        agent.connected();

        Await.until(WAIT, "two audits", () -> namespaces.distrusts.get() >= 2);
        assertThat(namespaces.removed).isEmpty();
        assertThat(namespaces.orphanChecks.get()).isZero();

        agent.routerUpdate(List.of(plan("r1")));
        Await.until(WAIT, "the left-over router removed", () -> namespaces.removed.contains("left-over"));
        assertThat(namespaces.removed).containsExactly("left-over");

        agent.connected();
        int checks = namespaces.orphanChecks.get();
        Thread.sleep(100);
        assertThat(namespaces.orphanChecks.get()).as("a new connection: nothing looked for until its update")
                .isEqualTo(checks);
    }

    @Test
    void looksForRoutersToRemoveOnlyWhenTheSetChangesOrAnAuditIsDue() throws InterruptedException {
        agent = new L3Agent(namespaces, NO_AUDIT, reports::add);
        agent.connected();
        agent.routerUpdate(List.of(plan("r1")));
        Await.until(WAIT, "first run", () -> reports.size() == 1);
        agent.routerUpdate(List.of(plan("r1", "203.0.113.20")));
        Await.until(WAIT, "second run", () -> reports.size() == 2);

        assertThat(namespaces.orphanChecks.get()).as("a floating IP does not list namespaces").isEqualTo(1);

        agent.routerUpdate(List.of(plan("r1"), plan("r2")));
        Await.until(WAIT, "third run", () -> reports.size() == 3);
        assertThat(namespaces.orphanChecks.get()).isEqualTo(2);
    }

    @Test
    void anAuditDistrustsTheNamespacesAndConvergesAgain() throws InterruptedException {
        agent = new L3Agent(namespaces, Duration.ofMillis(30), reports::add);
        agent.connected();
        agent.routerUpdate(List.of(plan("r1")));

        // Waited for, not asserted after the first audit: an audit landing while the first run starts is taken
        // by that run, and the coalesced run after it is a plain one.
        Await.until(WAIT, "an audit run applying r1 again and looking for orphans again", () ->
                namespaces.distrusts.get() >= 1 && namespaces.applied.stream().filter("r1"::equals).count() >= 2
                        && namespaces.orphanChecks.get() >= 2 && reports.size() >= 2);
    }

    @Test
    void aRouterThatFailsIsNotReportedAndIsRetried() throws InterruptedException {
        agent = new L3Agent(namespaces, NO_AUDIT, reports::add);
        namespaces.failing.add("r2");

        agent.routerUpdate(List.of(plan("r1"), plan("r2")));
        Await.until(WAIT, "first run", () -> !reports.isEmpty());
        assertThat(reports.get(0)).containsExactly(plan("r1"));

        namespaces.failing.clear();
        Await.until(Duration.ofMillis(L3Agent.RETRY_DELAY.toMillis()).plus(WAIT), "the retry",
                () -> reports.get(reports.size() - 1).size() == 2);
        assertThat(reports.get(reports.size() - 1)).containsExactly(plan("r1"), plan("r2"));
    }

    private static RouterPlan plan(String id, String... floatingIps) {
        List<RouterPlan.FloatingNat> nats = new ArrayList<>();
        for (String fip : floatingIps) {
            nats.add(new RouterPlan.FloatingNat(fip, "10.0.1.5"));
        }
        return new RouterPlan(id, List.of(), null, null, false, List.of(), List.of(), nats, List.of());
    }

    /** Records what the agent asks of the namespaces; can hold an apply until released, or fail routers. */
    private static final class FakeNamespaces implements RouterNamespaces {
        final List<String> applied = new CopyOnWriteArrayList<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        final Set<String> existing = Collections.synchronizedSet(new HashSet<>());
        final Set<String> failing = Collections.synchronizedSet(new HashSet<>());
        final AtomicInteger distrusts = new AtomicInteger();
        final AtomicInteger orphanChecks = new AtomicInteger();
        final AtomicInteger maxConcurrentApplies = new AtomicInteger();
        private final AtomicInteger applying = new AtomicInteger();
        private volatile CountDownLatch blocked;
        private volatile CountDownLatch gate;
        private volatile boolean holdNext;

        void blockNextApply() {
            blocked = new CountDownLatch(1);
            gate = new CountDownLatch(1);
            holdNext = true;
        }

        void awaitBlocked() throws InterruptedException {
            assertThat(blocked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }

        void release() {
            gate.countDown();
        }

        @Override
        public RouterNaming naming() {
            return new RouterNaming("hb-qrouter-", "hb-");
        }

        @Override
        public Set<String> routerIds() {
            return Set.copyOf(existing);
        }

        @Override
        public RouterChanges apply(RouterPlan plan) {
            maxConcurrentApplies.accumulateAndGet(applying.incrementAndGet(), Math::max);
            try {
                if (holdNext) {
                    holdNext = false;
                    blocked.countDown();
                    gate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
                if (failing.contains(plan.routerId())) {
                    throw new IllegalStateException("boom");
                }
                applied.add(plan.routerId());
                existing.add(plan.routerId());
                return new RouterChanges(false, false, List.of(), List.of(), List.of(), List.of(), List.of(), null,
                        List.of(), List.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                applying.decrementAndGet();
            }
        }

        @Override
        public void distrust() {
            distrusts.incrementAndGet();
        }

        @Override
        public void remove(String routerId) {
            removed.add(routerId);
            existing.remove(routerId);
        }

        @Override
        public void unplugOrphans(Set<String> inUse) {
            orphanChecks.incrementAndGet();
        }
    }
}
