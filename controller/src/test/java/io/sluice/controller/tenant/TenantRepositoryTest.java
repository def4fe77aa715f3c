package io.sluice.controller.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.store.ConflictException;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.controller.store.StoreUnavailableException;
import io.sluice.models.tenant.AllocationPool;
import io.sluice.models.tenant.AllowedAddressPair;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.HostRoute;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantRepositoryTest {
    private static final String NET = "11111111-1111-4111-8111-111111111111";
    private static final String SUBNET = "22222222-2222-4222-8222-222222222222";
    private static final String PORT_A = "33333333-3333-4333-8333-33333333333a";
    private static final String PORT_B = "33333333-3333-4333-8333-33333333333b";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final InMemoryStore store = new InMemoryStore();
    private final FailingStore failing = new FailingStore(store);
    private final TenantRepository repository = new TenantRepository(failing, Clock.fixed(T0, ZoneOffset.UTC));

    @AfterEach
    void close() {
        repository.close();
        store.close();
    }

    static Network network(int vni) {
        return new Network(NET, "alpha", "net", true, false, false, NetworkType.VXLAN, vni, null, 1450, 0);
    }

    static Subnet subnet() {
        return new Subnet(SUBNET, "alpha", NET, "sub", "10.0.0.0/24", "10.0.0.1",
                List.of(new AllocationPool("10.0.0.2", "10.0.0.254")), true, List.of("192.0.2.53"),
                List.of(new HostRoute("198.51.100.0/24", "10.0.0.254")), 0);
    }

    static Port port(String id, String mac, String ip) {
        return new Port(id, "alpha", NET, "p", mac, List.of(new FixedIp(SUBNET, ip)), "vm-1", "compute:nova", true,
                true, List.of(new AllowedAddressPair("10.0.0.100", null)),
                new PortBinding("hv1", Map.of("migrating_to", "hv2")), PortStatus.DOWN, 0);
    }

    private void seed() {
        repository.mutate(s -> Changes.of().put(network(1000), "the net").put(subnet()));
    }

    @Test
    void recordsRoundTripThroughTheStoreWithTheirStandardAttributes() {
        seed();
        repository.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5"), "web"));
        TenantState written = repository.state();
        try (TenantRepository reopened = new TenantRepository(store, Clock.systemUTC())) {
            assertThat(reopened.state()).isEqualTo(written);
        }
        Port port = written.model().ports().get(PORT_A);
        assertThat(port.binding().profile()).containsEntry("migrating_to", "hv2");
        assertThat(port.revision()).isEqualTo(2);
        assertThat(written.model().networks().get(NET).revision()).isEqualTo(1);
        assertThat(written.standard(ResourceKey.port(PORT_A)).orElseThrow())
                .isEqualTo(new StandardAttributes("web", T0, T0));
        assertThat(written.standard(ResourceKey.network(NET)).orElseThrow().description()).isEqualTo("the net");
    }

    @Test
    void allocationGuardsAreWrittenWithTheRecordAndDeletedWithIt() {
        seed();
        assertThat(store.get("vni", "1000")).isPresent();
        repository.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5")));
        assertThat(store.get("ip", SUBNET + "/10.0.0.5")).isPresent();
        assertThat(store.get("mac", NET + "/fa:16:3e:00:00:01")).isPresent();

        repository.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:02", "10.0.0.6")));
        assertThat(store.get("ip", SUBNET + "/10.0.0.5")).isEmpty();
        assertThat(store.get("ip", SUBNET + "/10.0.0.6")).isPresent();
        assertThat(store.get("mac", NET + "/fa:16:3e:00:00:01")).isEmpty();

        repository.mutate(s -> Changes.of().delete(s.model().ports().get(PORT_A)));
        assertThat(store.list("ip")).isEmpty();
        assertThat(store.list("mac")).isEmpty();
        repository.mutate(s -> Changes.of().delete(s.model().subnets().get(SUBNET)).delete(s.model().networks()
                .get(NET)));
        assertThat(store.list("vni")).isEmpty();
        assertThat(repository.current().networks()).isEmpty();
    }

    @Test
    void aSecondWriterCannotTakeAnAddressTheFirstHolds() {
        seed();
        try (TenantRepository other = new TenantRepository(store, Clock.systemUTC())) {
            other.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5")));
            // This repository's state may not show PORT_A yet: the guard still refuses the same address, and
            // after the conflict the change is computed again from the newer state.
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> repository.mutate(s -> {
                attempts.incrementAndGet();
                if (s.model().ports().containsKey(PORT_A)) {
                    throw new IllegalStateException("address taken");
                }
                return Changes.of().put(port(PORT_B, "fa:16:3e:00:00:02", "10.0.0.5"));
            })).hasMessage("address taken");
            assertThat(repository.current().ports()).containsOnlyKeys(PORT_A);
        }
    }

    @Test
    void theGuardRefusesAnAddressToAChangePlannedFromAStaleState() {
        seed();
        TenantState stale = repository.state();
        repository.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5")));
        CommitPlan plan = new CommitPlan(stale, Changes.of().put(port(PORT_B, "fa:16:3e:00:00:02", "10.0.0.5")),
                new TenantCodec(), T0);
        long revision = store.revision();
        assertThatThrownBy(() -> store.commit(plan.transaction())).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.kind() + "/" + e.id()).isEqualTo("ip/" + SUBNET + "/10.0.0.5"));
        assertThat(store.revision()).isEqualTo(revision);
        assertThat(store.get("port", PORT_B)).isEmpty();
    }

    @Test
    void theGuardsRefuseASecondFlatNetworkOrVlanIdOfAPhysicalNetworkPlannedFromAStaleState() {
        TenantState stale = repository.state();
        repository.mutate(s -> Changes.of().put(provider(NET, NetworkType.FLAT, null))
                .put(provider(PORT_A, NetworkType.VLAN, 101)));
        assertThat(store.get("flat", "physnet1")).isPresent();
        assertThat(store.get("vlan", "physnet1/101")).isPresent();
        List<Network> rivals = List.of(provider(PORT_B, NetworkType.FLAT, null),
                provider(PORT_B, NetworkType.VLAN, 101));
        for (Network rival : rivals) {
            CommitPlan plan = new CommitPlan(stale, Changes.of().put(rival), new TenantCodec(), T0);
            long revision = store.revision();
            assertThatThrownBy(() -> store.commit(plan.transaction())).isInstanceOfSatisfying(ConflictException.class,
                    e -> assertThat(e.kind()).isEqualTo(rival.type() == NetworkType.FLAT ? "flat" : "vlan"));
            assertThat(store.revision()).isEqualTo(revision);
        }
        repository.mutate(s -> Changes.of().delete(s.model().networks().get(NET))
                .delete(s.model().networks().get(PORT_A)));
        assertThat(store.list("flat")).isEmpty();
        assertThat(store.list("vlan")).isEmpty();
    }

    private static Network provider(String id, NetworkType type, Integer vlan) {
        return new Network(id, "admin", "provider", true, false, true, type, vlan, "physnet1", 1500, 0);
    }

    @Test
    void aChangeBasedOnAStaleReadIsRetriedAndGivesUpAfterTheAttempts() {
        seed();
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> repository.mutate(s -> {
            attempts.incrementAndGet();
            // Another process renames the network between our read and our commit, every time.
            store.commit(io.sluice.controller.store.Transaction.builder().put("network", NET,
                    store.get("network", NET).orElseThrow().value()).build());
            return Changes.of().put(s.model().networks().get(NET), "renamed");
        })).isInstanceOf(ConflictException.class);
        assertThat(attempts).hasValue(TenantRepository.ATTEMPTS);
    }

    @Test
    void aFailedCommitLeavesStoreAndStateAsTheyWere() {
        seed();
        TenantState before = repository.state();
        long revision = store.revision();
        failing.failing = true;
        assertThatThrownBy(() -> repository.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:01",
                "10.0.0.5")))).isInstanceOf(StoreUnavailableException.class);
        assertThat(store.revision()).isEqualTo(revision);
        assertThat(store.list("port")).isEmpty();
        assertThat(repository.state()).isEqualTo(before);
        failing.failing = false;
        repository.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5")));
        assertThat(repository.current().ports()).containsKey(PORT_A);
    }

    @Test
    void watchersSeeEveryCommitIncludingOtherWriters() throws Exception {
        BlockingQueue<TenantModel> seen = new LinkedBlockingQueue<>();
        try (AutoCloseable watch = repository.watch(seen::add);
             TenantRepository other = new TenantRepository(store, Clock.systemUTC())) {
            assertThat(seen.poll(5, TimeUnit.SECONDS).networks()).isEmpty();
            seed();
            assertThat(seen.poll(5, TimeUnit.SECONDS).networks()).containsKey(NET);
            other.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5")));
            TenantModel model = seen.poll(5, TimeUnit.SECONDS);
            assertThat(model.ports()).containsKey(PORT_A);
            assertThat(repository.current().ports()).containsKey(PORT_A);
        }
    }

    @Test
    void unrelatedKindsDoNotDisturbTheState() {
        seed();
        store.commit(io.sluice.controller.store.Transaction.builder().put("agent-state", "hv1", new byte[] {1})
                .build());
        repository.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5")));
        assertThat(repository.current().ports()).containsKey(PORT_A);
        assertThat(repository.current().revision()).isEqualTo(store.revision());
    }

    @Test
    void portStatusesAreWrittenOnlyWhenTheyChange() {
        seed();
        repository.mutate(s -> Changes.of().put(port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5")));
        long revision = store.revision();
        repository.setPortStatuses(Map.of(PORT_A, PortStatus.DOWN, "gone", PortStatus.ACTIVE));
        assertThat(store.revision()).isEqualTo(revision);
        repository.setPortStatuses(Map.of(PORT_A, PortStatus.ACTIVE));
        assertThat(repository.current().ports().get(PORT_A).status()).isEqualTo(PortStatus.ACTIVE);
        assertThat(store.revision()).isEqualTo(revision + 1);
    }

    @Test
    void quotasAreStoredPerProject() {
        repository.mutate(s -> Changes.of().quota("alpha", Map.of("network", 3)));
        assertThat(repository.state().quota("alpha")).containsEntry("network", 3);
        try (TenantRepository reopened = new TenantRepository(store, Clock.systemUTC())) {
            assertThat(reopened.state().quota("alpha")).containsEntry("network", 3);
        }
        repository.mutate(s -> Changes.of().quota("alpha", Map.of()));
        assertThat(repository.state().quotas()).isEmpty();
        assertThat(store.list("quota")).isEmpty();
    }

    @Test
    void concurrentWritersInOneProcessNeverShareAnAddress() throws Exception {
        seed();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = String.format("44444444-4444-4444-8444-%012d", i);
                String mac = String.format("fa:16:3e:00:01:%02x", i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return repository.mutate(s -> {
                        int next = 2 + s.model().ports().size();
                        return Changes.of().put(port(id, mac, "10.0.0." + next));
                    });
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(repository.current().ports()).hasSize(40);
        assertThat(store.list("ip")).hasSize(40);
    }
}
