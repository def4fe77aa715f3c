package io.sluice.controller.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.store.ConflictException;
import io.sluice.controller.store.Entry;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.models.ipam.MplsLabels;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MPLS label guards: one holder per label across writers, release with a timestamp, quarantine, reuse. */
class MplsLabelGuardTest {
    private static final String NET = "11111111-1111-4111-8111-111111111111";
    private static final String PORT_A = "33333333-3333-4333-8333-33333333333a";
    private static final String PORT_B = "33333333-3333-4333-8333-33333333333b";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration QUARANTINE = Duration.ofSeconds(60);

    private final InMemoryStore store = new InMemoryStore();
    private final TenantRepository repository = new TenantRepository(store, Clock.fixed(T0, ZoneOffset.UTC));
    private final MplsLabels labels = new MplsLabels(QUARANTINE);

    @AfterEach
    void close() {
        repository.close();
        store.close();
    }

    private static Network network() {
        return new Network(NET, "alpha", "m", true, false, false, NetworkType.MPLS, 7, null, 1472, 0);
    }

    private static Port port(String id, String host, Integer label) {
        PortBinding binding = host.isEmpty() ? PortBinding.UNBOUND
                : new PortBinding(host, Map.of()).withMplsLabel(label);
        return new Port(id, "alpha", NET, "p", "fa:16:3e:00:00:" + id.substring(34), List.of(), "vm", "compute:nova",
                true, true, List.of(), binding, PortStatus.DOWN, 0);
    }

    /** Binds the port to the host as the API does: the label chosen from the state the change is computed on. */
    private static Changes bind(TenantState state, MplsLabels labels, String id, String host, Instant now) {
        Port old = state.model().ports().getOrDefault(id, port(id, "", null));
        PortBinding binding = labels.bind(network(), old.binding(), new PortBinding(host, Map.of()),
                state.heldLabels(), state.releasedLabels(), now);
        return Changes.of().put(port(id, host, binding.mplsLabel()));
    }

    private String guard(int label) {
        return store.get("mplslabel", String.valueOf(label))
                .map(v -> new String(v.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void aBoundPortHoldsItsLabelsGuardAndReleasingItStampsTheGuardInsteadOfDeletingIt() {
        repository.mutate(s -> Changes.of().put(network()).put(port(PORT_A, "hv1", 16)));
        assertThat(guard(16)).isEqualTo("{\"port\":\"" + PORT_A + "\"}");
        assertThat(repository.state().releasedLabels()).isEmpty();

        repository.mutate(s -> Changes.of().put(port(PORT_A, "", null)));
        assertThat(guard(16)).isEqualTo("{\"port\":\"" + PORT_A + "\",\"released_at\":\"" + T0 + "\"}");
        assertThat(repository.state().releasedLabels()).containsExactly(Map.entry(16, T0));
        try (TenantRepository reopened = new TenantRepository(store, Clock.systemUTC())) {
            assertThat(reopened.state().releasedLabels()).isEqualTo(repository.state().releasedLabels());
            assertThat(reopened.state().revisions()).containsEntry(CommitPlan.labelGuard(16),
                    repository.state().revisions().get(CommitPlan.labelGuard(16)));
        }
    }

    @Test
    void deletingAPortReleasesItsLabelIntoQuarantine() {
        repository.mutate(s -> Changes.of().put(network()).put(port(PORT_A, "hv1", 16)));
        repository.mutate(s -> Changes.of().delete(s.model().ports().get(PORT_A)));
        assertThat(guard(16)).contains("released_at");
        assertThat(repository.state().releasedLabels()).containsOnlyKeys(16);
    }

    @Test
    void aQuarantinedLabelIsNotReusedUntilTheQuarantineEndsAndThenIsTakenOverItsReleasedGuard() {
        repository.mutate(s -> Changes.of().put(network()).put(port(PORT_A, "hv1", 16)));
        repository.mutate(s -> Changes.of().put(port(PORT_A, "", null)));

        repository.mutate(s -> bind(s, labels, PORT_B, "hv2", T0.plus(QUARANTINE).minusSeconds(1)));
        assertThat(repository.current().ports().get(PORT_B).binding().mplsLabel()).isEqualTo(17);
        repository.mutate(s -> Changes.of().put(port(PORT_B, "", null)));

        repository.mutate(s -> bind(s, labels, PORT_B, "hv2", T0.plus(QUARANTINE)));
        assertThat(repository.current().ports().get(PORT_B).binding().mplsLabel()).isEqualTo(16);
        assertThat(guard(16)).isEqualTo("{\"port\":\"" + PORT_B + "\"}");
        assertThat(repository.state().releasedLabels()).containsOnlyKeys(17);
        assertThat(repository.state().revisions()).doesNotContainKey(CommitPlan.labelGuard(16));
    }

    @Test
    void rebindingToAnotherHostTakesANewLabelAndQuarantinesTheOldOneInOneCommit() {
        repository.mutate(s -> Changes.of().put(network()).put(port(PORT_A, "hv1", 16)));
        long before = store.revision();
        repository.mutate(s -> bind(s, labels, PORT_A, "hv2", T0));
        assertThat(store.revision()).isEqualTo(before + 1);
        assertThat(repository.current().ports().get(PORT_A).binding()).isEqualTo(
                new PortBinding("hv2", Map.of()).withMplsLabel(17));
        assertThat(guard(16)).contains("released_at");
        assertThat(guard(17)).isEqualTo("{\"port\":\"" + PORT_A + "\"}");
    }

    @Test
    void theGuardRefusesALabelToAChangePlannedFromAStaleState() {
        repository.mutate(s -> Changes.of().put(network()));
        TenantState stale = repository.state();
        repository.mutate(s -> Changes.of().put(port(PORT_A, "hv1", 16)));
        CommitPlan plan = new CommitPlan(stale, Changes.of().put(port(PORT_B, "hv2", 16)), new TenantCodec(), T0);
        long revision = store.revision();
        assertThatThrownBy(() -> store.commit(plan.transaction())).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.kind() + "/" + e.id()).isEqualTo("mplslabel/16"));
        assertThat(store.revision()).isEqualTo(revision);
    }

    @Test
    void twoWritersReusingTheSameLabelAfterItsQuarantineCannotBothWin() {
        repository.mutate(s -> Changes.of().put(network()).put(port(PORT_A, "hv1", 16)));
        repository.mutate(s -> Changes.of().put(port(PORT_A, "", null)));
        TenantState stale = repository.state();
        repository.mutate(s -> Changes.of().put(port(PORT_B, "hv2", 16)));
        String third = "33333333-3333-4333-8333-33333333333c";
        CommitPlan plan = new CommitPlan(stale, Changes.of().put(port(third, "hv3", 16)), new TenantCodec(), T0);
        assertThatThrownBy(() -> store.commit(plan.transaction())).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.kind() + "/" + e.id()).isEqualTo("mplslabel/16"));
    }

    @Test
    void concurrentBindsThroughTwoRepositoriesNeverShareALabel() throws Exception {
        repository.mutate(s -> Changes.of().put(network()));
        int committed = 0;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try (TenantRepository other = new TenantRepository(store, Clock.fixed(T0, ZoneOffset.UTC))) {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String id = String.format("44444444-4444-4444-8444-%012d", i);
                TenantRepository writer = i % 2 == 0 ? repository : other;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        writer.mutate(s -> bind(s, labels, id, "hv" + id.charAt(35), T0));
                        return true;
                    } catch (ConflictException outraced) {
                        // Lost every attempt to the other writer: the API answers 409 and nothing was written.
                        return false;
                    }
                }));
            }
            start.countDown();
            for (Future<Boolean> f : futures) {
                committed += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        TenantRepository reopened = new TenantRepository(store, Clock.systemUTC());
        List<Integer> taken = reopened.current().ports().values().stream().map(p -> p.binding().mplsLabel())
                .filter(Objects::nonNull).toList();
        reopened.close();
        int bound = committed;
        assertThat(bound).isGreaterThan(15);
        assertThat(taken).hasSize(bound).doesNotHaveDuplicates().allMatch(l -> l >= 16 && l < 16 + bound);
        assertThat(store.list("mplslabel")).extracting(Entry::id).hasSize(bound);
    }
}
