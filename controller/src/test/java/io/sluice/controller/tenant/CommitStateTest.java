package io.sluice.controller.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.store.InMemoryStore;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.TenantModel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state a commit leads to ({@link CommitPlan#after}: the records it writes put into the persistent maps of
 * the state before) is the state the store holds: after every step of random changes it equals what a repository
 * opened on the same store loads, and it shares every record the change did not touch with the state before.
 */
class CommitStateTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String PROJECT = "alpha";
    private static final List<String> NETWORKS = List.of(id(1, 1), id(1, 2));

    private final InMemoryStore store = new InMemoryStore();
    private final TenantRepository repository = new TenantRepository(store, Clock.fixed(T0, ZoneOffset.UTC));

    @AfterEach
    void close() {
        repository.close();
        store.close();
    }

    @Test
    void everyCommitLeadsToTheStateTheStoreHoldsAndSharesWhatItDidNotTouch() {
        repository.mutate(s -> Changes.of()
                .put(new Network(NETWORKS.get(0), PROJECT, "v", true, false, false, NetworkType.VXLAN, 7, null, 1450,
                        0))
                .put(new Network(NETWORKS.get(1), PROJECT, "m", true, false, false, NetworkType.MPLS, 8, null, 1472,
                        0)));
        Random random = new Random(8);
        for (int step = 0; step < 300; step++) {
            TenantState before = repository.state();
            Changes changes = randomChange(before, random);
            TenantState after = repository.mutate(s -> changes);
            try (TenantRepository reopened = new TenantRepository(store, Clock.systemUTC())) {
                assertThat(after).as("step %d", step).isEqualTo(reopened.state());
            }
            sharesUntouched(before.model(), after.model());
        }
    }

    /**
     * A port made, changed (bound with a label, moved, a status, another address) or deleted, or a quota set; port
     * k's address is .(1 + k) or .(100 + k), so no two ports ever want the same one.
     */
    private static Changes randomChange(TenantState state, Random random) {
        List<Port> ports = new ArrayList<>(state.model().ports().values());
        int k = random.nextInt(40);
        Port existing = state.model().ports().get(id(2, k));
        Integer label = 16 + random.nextInt(30);
        boolean labelFree = !state.heldLabels().contains(label) && !state.releasedLabels().containsKey(label);
        return switch (random.nextInt(5)) {
            case 0 -> existing == null ? Changes.of().put(port(k, "", null, 1 + k))
                    : Changes.of().delete(existing);
            case 1 -> existing == null || !labelFree ? Changes.of().put(port(k, "hv" + random.nextInt(3), null, 1 + k))
                    : Changes.of().put(port(k, "hv" + random.nextInt(3), label, 1 + k));
            case 2 -> ports.isEmpty() ? Changes.of().quota(PROJECT, Map.of("port", 50))
                    : Changes.of().put(ports.get(random.nextInt(ports.size())).withStatus(
                            random.nextBoolean() ? PortStatus.ACTIVE : PortStatus.DOWN));
            case 3 -> Changes.of().quota(PROJECT, random.nextBoolean() ? Map.of() : Map.of("port", random.nextInt(99)));
            default -> existing == null ? Changes.of().put(port(k, "", null, 100 + k))
                    : Changes.of().put(port(k, existing.binding().hostId(), existing.binding().mplsLabel(),
                            existing.fixedIps().get(0).ipAddress().endsWith("." + (1 + k)) ? 100 + k : 1 + k));
        };
    }

    private static void sharesUntouched(TenantModel before, TenantModel after) {
        before.ports().forEach((id, port) -> {
            Port now = after.ports().get(id);
            if (now != null && now.revision() == port.revision()) {
                assertThat(now).isSameAs(port);
            }
        });
        assertThat(after.networks().get(NETWORKS.get(0))).isSameAs(before.networks().get(NETWORKS.get(0)));
    }

    /** Port k: on the MPLS network when it holds a label, else on the VXLAN one, with one address. */
    private static Port port(int k, String host, Integer label, int address) {
        String network = NETWORKS.get(label == null ? 0 : 1);
        PortBinding binding = host.isEmpty() ? PortBinding.UNBOUND
                : new PortBinding(host, Map.of()).withMplsLabel(label);
        return new Port(id(2, k), PROJECT, network, "p" + k, String.format("fa:16:3e:00:00:%02x", k),
                List.of(new FixedIp(id(3, label == null ? 0 : 1), "10.0." + (label == null ? 0 : 1) + "." + address)),
                "vm" + k, "compute:nova", true, true, List.of(), binding, PortStatus.DOWN, 0);
    }

    private static String id(int kind, int n) {
        return String.format("%08d-0000-4000-8000-%012d", kind, n);
    }
}
