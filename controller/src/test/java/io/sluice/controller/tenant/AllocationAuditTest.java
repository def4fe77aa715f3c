package io.sluice.controller.tenant;

import static io.sluice.controller.tenant.TenantRepositoryTest.network;
import static io.sluice.controller.tenant.TenantRepositoryTest.port;
import static io.sluice.controller.tenant.TenantRepositoryTest.subnet;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.audit.AuditFinding;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.controller.store.Transaction;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.TenantModel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store's allocation guards against the records holding them, read back from a real (in-memory) store. */
class AllocationAuditTest {
    private static final String PORT_A = "33333333-3333-4333-8333-33333333333a";
    private static final String PORT_B = "33333333-3333-4333-8333-33333333333b";

    private final InMemoryStore store = new InMemoryStore();
    private final TenantRepository repository = new TenantRepository(store, Clock.systemUTC());

    @AfterEach
    void close() {
        repository.close();
        store.close();
    }

    private void seed() {
        repository.mutate(s -> Changes.of().put(network(1000)).put(subnet())
                .put(port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5")));
    }

    private void tamper(Transaction.Builder change) {
        store.commit(change.build());
    }

    private static byte[] holder(String kind, String id) {
        return ("{\"" + kind + "\": \"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyAllocationHeldUnderItsGuardIsClean() {
        seed();
        repository.mutate(s -> Changes.of().put(port(PORT_B, "fa:16:3e:00:00:02", "10.0.0.6")));
        repository.mutate(s -> Changes.of().delete(s.model().ports().get(PORT_B)));

        assertThat(repository.auditAllocations()).isEmpty();
    }

    @Test
    void aGuardWhoseHolderIsGoneIsALeak() {
        seed();
        tamper(Transaction.builder().put("ip", TenantRepositoryTest.subnet().id() + "/10.0.0.9",
                holder("port", PORT_B)));

        assertThat(repository.auditAllocations()).singleElement().satisfies(finding -> {
            assertThat(finding.type()).isEqualTo(AuditFinding.Type.LEAK);
            assertThat(finding.subject()).isEqualTo("ip " + subnet().id() + "/10.0.0.9");
            assertThat(finding.detail()).contains(PORT_B, "does not exist");
        });
    }

    @Test
    void aGuardWhoseHolderNoLongerHoldsTheAllocationIsALeak() {
        seed();
        tamper(Transaction.builder().put("vni", "2000", holder("network", network(1000).id())));

        assertThat(repository.auditAllocations()).singleElement().satisfies(finding -> {
            assertThat(finding.type()).isEqualTo(AuditFinding.Type.LEAK);
            assertThat(finding.subject()).isEqualTo("vni 2000");
            assertThat(finding.detail()).contains("no longer holds it");
        });
    }

    @Test
    void anAllocationHeldWithoutItsGuardIsDrift() {
        seed();
        tamper(Transaction.builder().delete("mac", network(1000).id() + "/fa:16:3e:00:00:01"));

        assertThat(repository.auditAllocations()).singleElement().satisfies(finding -> {
            assertThat(finding.type()).isEqualTo(AuditFinding.Type.DRIFT);
            assertThat(finding.subject()).isEqualTo("mac " + network(1000).id() + "/fa:16:3e:00:00:01");
            assertThat(finding.detail()).contains("port " + PORT_A, "without a guard");
        });
    }

    @Test
    void anAllocationUnderAGuardNamingAnotherHolderIsDrift() {
        seed();
        tamper(Transaction.builder().put("ip", subnet().id() + "/10.0.0.5", holder("port", PORT_B)));

        List<AuditFinding> findings = repository.auditAllocations();

        assertThat(findings).extracting(AuditFinding::type)
                .containsExactlyInAnyOrder(AuditFinding.Type.DRIFT, AuditFinding.Type.LEAK);
        assertThat(findings).filteredOn(f -> f.type() == AuditFinding.Type.DRIFT).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("guard names port " + PORT_B));
    }

    @Test
    void aReleasedLabelInQuarantineIsNoLeakButAHeldLabelMarkedReleasedIsDrift() {
        Port bound = port(PORT_A, "fa:16:3e:00:00:01", "10.0.0.5")
                .withBinding(new PortBinding("hv1", Map.of()).withMplsLabel(16));
        TenantModel model = TenantModel.of(1, List.of(network(1000)), List.of(subnet()), List.of(bound));
        Map<ResourceKey, AllocationAudit.Guard> guards = new HashMap<>();
        CommitPlan.guardsOf(network(1000)).forEach(k -> guards.put(k, held(ResourceKey.network(network(1000).id()))));
        CommitPlan.guardsOf(bound).forEach(k -> guards.put(k, held(ResourceKey.port(PORT_A))));
        guards.put(CommitPlan.labelGuard(17), new AllocationAudit.Guard(ResourceKey.port(PORT_B), true));

        assertThat(AllocationAudit.compare(model, guards)).isEmpty();

        guards.put(CommitPlan.labelGuard(16), new AllocationAudit.Guard(ResourceKey.port(PORT_A), true));
        assertThat(AllocationAudit.compare(model, guards)).singleElement().satisfies(finding -> {
            assertThat(finding.type()).isEqualTo(AuditFinding.Type.DRIFT);
            assertThat(finding.subject()).isEqualTo("mplslabel 16");
        });
    }

    @Test
    void aRouterBindingWithoutItsRouterIsALeak() {
        seed();
        tamper(Transaction.builder().put("routerhost", "44444444-4444-4444-8444-444444444444",
                "{\"host\": \"net1\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(repository.auditAllocations()).singleElement().satisfies(finding -> {
            assertThat(finding.type()).isEqualTo(AuditFinding.Type.LEAK);
            assertThat(finding.subject()).contains("44444444-4444-4444-8444-444444444444");
        });
    }

    private static AllocationAudit.Guard held(ResourceKey holder) {
        return new AllocationAudit.Guard(holder, false);
    }
}
