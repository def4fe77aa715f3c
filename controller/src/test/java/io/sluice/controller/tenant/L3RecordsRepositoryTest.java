package io.sluice.controller.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.store.ConflictException;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.models.tenant.ExternalGateway;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.HostRoute;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routers, floating IPs, port forwardings and router bindings in the store, next to the layer-2 records. */
class L3RecordsRepositoryTest {
    private static final String NET = "11111111-1111-4111-8111-111111111111";
    private static final String SUBNET = "22222222-2222-4222-8222-222222222222";
    private static final String PORT = "33333333-3333-4333-8333-33333333333a";
    private static final String ROUTER = "44444444-4444-4444-8444-444444444444";
    private static final String FIP = "55555555-5555-4555-8555-555555555555";
    private static final String PF_A = "66666666-6666-4666-8666-66666666666a";
    private static final String PF_B = "66666666-6666-4666-8666-66666666666b";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final InMemoryStore store = new InMemoryStore();
    private final TenantRepository repository = new TenantRepository(store, Clock.fixed(T0, ZoneOffset.UTC));

    @AfterEach
    void close() {
        repository.close();
        store.close();
    }

    private static Router router() {
        return new Router(ROUTER, "alpha", "r", "edge", true,
                new ExternalGateway(NET, true, List.of(new FixedIp(SUBNET, "10.0.0.9"))),
                List.of(new HostRoute("198.51.100.0/24", "10.0.0.254")), 0);
    }

    private static FloatingIp floatingIp(PortStatus status) {
        return new FloatingIp(FIP, "alpha", NET, "203.0.113.5", PORT, "10.0.0.5", ROUTER, "", status, 0);
    }

    private static PortForwarding forwarding(String id, int externalPort) {
        return new PortForwarding(id, FIP, "tcp", externalPort, 22, PORT, "10.0.0.5", "", 0);
    }

    @Test
    void l3RecordsAndBindingsRoundTripAndFillTheModel() {
        repository.mutate(s -> Changes.of().put(router(), "edge").put(floatingIp(null), "")
                .put(forwarding(PF_A, 2222), "").routerHost(ROUTER, "net1"));
        TenantState written = repository.state();
        assertThat(written.model().routers().get(ROUTER).externalGateway().externalFixedIps())
                .containsExactly(new FixedIp(SUBNET, "10.0.0.9"));
        assertThat(written.model().floatingIps().get(FIP).status()).isEqualTo(PortStatus.DOWN);
        assertThat(written.model().portForwardings()).containsKey(PF_A);
        assertThat(written.model().routerHosts()).isEqualTo(Map.of(ROUTER, "net1"));
        assertThat(written.model().routers().get(ROUTER).revision()).isEqualTo(store.revision());
        try (TenantRepository reopened = new TenantRepository(store, Clock.systemUTC())) {
            assertThat(reopened.state()).isEqualTo(written);
        }

        repository.mutate(s -> Changes.of().routerHost(ROUTER, null).delete(s.model().portForwardings().get(PF_A))
                .delete(s.model().floatingIps().get(FIP)).delete(s.model().routers().get(ROUTER)));
        assertThat(repository.current().routerHosts()).isEmpty();
        assertThat(repository.current().routers()).isEmpty();
        assertThat(store.list("routerhost")).isEmpty();
        assertThat(store.list("forwardedport")).isEmpty();
        assertThat(store.list("forwardtarget")).isEmpty();
    }

    @Test
    void aForwardedPortIsGuardedAgainstAConcurrentWriter() {
        repository.mutate(s -> Changes.of().put(floatingIp(null), "").put(forwarding(PF_A, 2222), ""));
        assertThat(store.get("forwardedport", FIP + "/tcp/2222")).isPresent();
        try (TenantRepository other = new TenantRepository(store, Clock.systemUTC())) {
            // Planned as if PF_A did not exist: the guard refuses it on every attempt.
            assertThatThrownBy(() -> other.mutate(s -> Changes.of()
                    .put(new PortForwarding(PF_B, FIP, "tcp", 2222, 80, PORT, "10.0.0.5", "", 0), "")))
                    .isInstanceOf(ConflictException.class);
        }
        assertThat(repository.current().portForwardings()).containsOnlyKeys(PF_A);
    }

    @Test
    void floatingIpStatusesAreWrittenOnlyWhenTheyChange() {
        repository.mutate(s -> Changes.of().put(floatingIp(PortStatus.DOWN), ""));
        long revision = store.revision();
        repository.setFloatingIpStatuses(Map.of(FIP, PortStatus.DOWN, "gone", PortStatus.ACTIVE));
        assertThat(store.revision()).isEqualTo(revision);
        repository.setFloatingIpStatuses(Map.of(FIP, PortStatus.ACTIVE));
        assertThat(repository.current().floatingIps().get(FIP).status()).isEqualTo(PortStatus.ACTIVE);
        assertThat(repository.current().floatingIps().get(FIP).portId()).isEqualTo(PORT);
        assertThat(store.revision()).isEqualTo(revision + 1);
    }
}
