package io.sluice.controller.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.store.InMemoryStore;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.models.ipam.MplsLabels;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.TenantModel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A router moved to another L3 host in one commit: its binding, its ports' bindings and their MPLS labels. */
class RouterMoveTest {
    private static final String MPLS_NET = "11111111-1111-4111-8111-111111111111";
    private static final String VXLAN_NET = "11111111-1111-4111-8111-222222222222";
    private static final String EXT_NET = "11111111-1111-4111-8111-333333333333";
    private static final String ROUTER = "55555555-5555-4555-8555-555555555555";
    private static final String MPLS_IF = "33333333-3333-4333-8333-33333333330a";
    private static final String MPLS_IF2 = "33333333-3333-4333-8333-33333333330b";
    private static final String VXLAN_IF = "33333333-3333-4333-8333-33333333330c";
    private static final String GATEWAY = "33333333-3333-4333-8333-33333333330d";
    private static final String VM = "33333333-3333-4333-8333-33333333330e";
    private static final String UNBOUND_IF = "33333333-3333-4333-8333-33333333330f";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final MplsLabels LABELS = new MplsLabels(Duration.ofSeconds(60));
    private static final RouterMove MOVE = new RouterMove(ROUTER, "net1", "net2");

    private final InMemoryStore store = new InMemoryStore();
    private final TenantRepository repository = new TenantRepository(store, Clock.fixed(T0, ZoneOffset.UTC));

    @AfterEach
    void close() {
        repository.close();
        store.close();
    }

    private static Network network(String id, NetworkType type, int segment) {
        return type == NetworkType.FLAT
                ? new Network(id, "admin", "public", true, false, true, type, null, "physnet1", 1500, 0)
                : new Network(id, "alpha", "n", true, false, false, type, segment, null, 1450, 0);
    }

    private static Port port(String id, String network, String owner, String host, Integer label) {
        PortBinding binding = host.isEmpty() ? PortBinding.UNBOUND
                : new PortBinding(host, Map.of()).withMplsLabel(label);
        String device = owner.startsWith("network:router") ? ROUTER : "vm";
        return new Port(id, "alpha", network, "", "fa:16:3e:00:00:" + id.substring(34), List.of(), device, owner,
                true, true, List.of(), binding, PortStatus.ACTIVE, 0);
    }

    @BeforeEach
    void routerOnNet1() {
        repository.mutate(s -> Changes.of()
                .put(network(MPLS_NET, NetworkType.MPLS, 7)).put(network(VXLAN_NET, NetworkType.VXLAN, 1001))
                .put(network(EXT_NET, NetworkType.FLAT, 0))
                .put(new Router(ROUTER, "alpha", "r", "", true, null, List.of(), 0), "")
                .put(port(MPLS_IF, MPLS_NET, Router.INTERFACE_OWNER, "net1", 16))
                .put(port(MPLS_IF2, MPLS_NET, Router.INTERFACE_OWNER, "net1", 17))
                .put(port(VM, MPLS_NET, "compute:nova", "hv1", 18))
                .put(port(VXLAN_IF, VXLAN_NET, Router.INTERFACE_OWNER, "net1", null))
                .put(port(UNBOUND_IF, VXLAN_NET, Router.INTERFACE_OWNER, "", null))
                .put(port(GATEWAY, EXT_NET, Router.GATEWAY_OWNER, "net1", null))
                .routerHost(ROUTER, "net1"));
    }

    private PortBinding binding(String port) {
        return repository.current().ports().get(port).binding();
    }

    private String guard(int label) {
        return store.get("mplslabel", String.valueOf(label))
                .map(v -> new String(v.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void theRouterAndItsBoundPortsMoveInOneCommitWithNewLabelsAndTheOldOnesQuarantined() {
        long before = store.revision();
        repository.mutate(s -> MOVE.changes(s, LABELS, T0));
        assertThat(store.revision()).isEqualTo(before + 1);

        TenantModel model = repository.current();
        assertThat(model.routerHosts()).containsEntry(ROUTER, "net2");
        // 16..18 are held when the labels are chosen: the interfaces take the next free ones, one each.
        assertThat(binding(MPLS_IF)).isEqualTo(new PortBinding("net2", Map.of()).withMplsLabel(19));
        assertThat(binding(MPLS_IF2)).isEqualTo(new PortBinding("net2", Map.of()).withMplsLabel(20));
        assertThat(binding(VXLAN_IF)).isEqualTo(new PortBinding("net2", Map.of()));
        assertThat(binding(GATEWAY)).isEqualTo(new PortBinding("net2", Map.of()));
        assertThat(binding(UNBOUND_IF)).as("unbound stays unbound").isEqualTo(PortBinding.UNBOUND);
        assertThat(binding(VM)).as("not the router's").isEqualTo(new PortBinding("hv1", Map.of()).withMplsLabel(18));
        assertThat(repository.state().releasedLabels()).isEqualTo(Map.of(16, T0, 17, T0));
        assertThat(guard(16)).isEqualTo("{\"port\":\"" + MPLS_IF + "\",\"released_at\":\"" + T0 + "\"}");
        assertThat(guard(19)).isEqualTo("{\"port\":\"" + MPLS_IF + "\"}");
        assertThat(guard(20)).isEqualTo("{\"port\":\"" + MPLS_IF2 + "\"}");
    }

    @Test
    void aMoveAlreadyCommittedOrOvertakenChangesNothing() {
        repository.mutate(s -> MOVE.changes(s, LABELS, T0));
        long after = store.revision();
        assertThat(MOVE.changes(repository.state(), LABELS, T0).isEmpty()).as("the same move again").isTrue();
        repository.mutate(s -> Changes.of().routerHost(ROUTER, "net3"));
        assertThat(new RouterMove(ROUTER, "net2", "net4").changes(repository.state(), LABELS, T0).isEmpty())
                .as("moved elsewhere meanwhile").isTrue();
        assertThat(new RouterMove(ROUTER, "net3", "net4").changes(repository.state(), LABELS, T0).isEmpty())
                .as("a move from where it is now").isFalse();
        assertThat(store.revision()).isEqualTo(after + 1);
    }

    @Test
    void schedulingARouterThatHadNoHostBindsItsInterfacesAndGatewayThereWithLabels() {
        repository.mutate(s -> Changes.of().routerHost(ROUTER, null));
        repository.mutate(s -> Changes.of().put(port(MPLS_IF, MPLS_NET, Router.INTERFACE_OWNER, "", null))
                .put(port(GATEWAY, EXT_NET, Router.GATEWAY_OWNER, "", null)));
        assertThat(MOVE.changes(repository.state(), LABELS, T0).isEmpty()).as("it is on no host to move from").isTrue();
        repository.mutate(s -> new RouterMove(ROUTER, null, "net2").changes(s, LABELS, T0));
        assertThat(repository.current().routerHosts()).containsEntry(ROUTER, "net2");
        assertThat(binding(MPLS_IF)).isEqualTo(new PortBinding("net2", Map.of()).withMplsLabel(19));
        assertThat(binding(UNBOUND_IF)).as("interfaces are bound").isEqualTo(new PortBinding("net2", Map.of()));
        assertThat(binding(GATEWAY)).as("the gateway is bound").isEqualTo(new PortBinding("net2", Map.of()));
    }

    @Test
    void aDeletedRouterIsNotMoved() {
        repository.mutate(s -> Changes.of().delete(s.model().routers().get(ROUTER)));
        assertThat(MOVE.changes(repository.state(), LABELS, T0).isEmpty()).isTrue();
    }

    @Test
    void theMoveSurvivesAReopenOfTheStoreAsCommitted() {
        repository.mutate(s -> MOVE.changes(s, LABELS, T0));
        try (TenantRepository reopened = new TenantRepository(store, Clock.systemUTC())) {
            assertThat(reopened.current().routerHosts()).isEqualTo(repository.current().routerHosts());
            assertThat(reopened.current().ports()).isEqualTo(repository.current().ports());
            assertThat(reopened.state().releasedLabels()).isEqualTo(repository.state().releasedLabels());
        }
    }
}
