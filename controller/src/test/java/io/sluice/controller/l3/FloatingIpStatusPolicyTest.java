package io.sluice.controller.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.l3.RouterPlan;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.TenantModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FloatingIpStatusPolicyTest {
    private static final String ROUTER = "00000000-0000-4000-8000-0000000000a1";
    private static final String EXTERNAL = "00000000-0000-4000-8000-0000000000e1";
    private static final String VM_PORT = "00000000-0000-4000-8000-0000000000b1";
    private static final String MAPPED = "00000000-0000-4000-8000-0000000000f1";
    private static final String FORWARDED = "00000000-0000-4000-8000-0000000000f2";
    private static final String IDLE = "00000000-0000-4000-8000-0000000000f3";

    private final TenantModel model = new TenantModel(1, Map.of(), Map.of(), Map.of(),
            Map.of(ROUTER, new Router(ROUTER, "p", "r", "", true, null, List.of(), 1)),
            Map.of(MAPPED, fip(MAPPED, "203.0.113.50", VM_PORT, "10.0.0.5", ROUTER),
                    FORWARDED, fip(FORWARDED, "203.0.113.51", null, null, null),
                    IDLE, fip(IDLE, "203.0.113.52", null, null, null)),
            Map.of("00000000-0000-4000-8000-0000000000c1", new PortForwarding("00000000-0000-4000-8000-0000000000c1",
                    FORWARDED, "tcp", 8080, 80, VM_PORT, "10.0.0.6", "", 1)),
            Map.of(ROUTER, "net1"));

    @Test
    void mappingsHeldByTheRoutersHostAreActiveTheRestDown() {
        RouterPlan plan = plan(List.of(new RouterPlan.FloatingNat("203.0.113.50", "10.0.0.5")),
                List.of(new RouterPlan.Forward("tcp", "203.0.113.51", 8080, "10.0.0.6", 80)));
        assertThat(FloatingIpStatusPolicy.statuses(model, Map.of("net1", List.of(plan)))).isEqualTo(Map.of(
                MAPPED, PortStatus.ACTIVE, FORWARDED, PortStatus.ACTIVE, IDLE, PortStatus.DOWN));
    }

    @Test
    void aMappingNotYetAppliedOrHeldByAnotherHostIsDown() {
        RouterPlan stale = plan(List.of(new RouterPlan.FloatingNat("203.0.113.50", "10.0.0.9")), List.of());
        RouterPlan elsewhere = plan(List.of(new RouterPlan.FloatingNat("203.0.113.50", "10.0.0.5")),
                List.of(new RouterPlan.Forward("tcp", "203.0.113.51", 8080, "10.0.0.6", 80)));
        assertThat(FloatingIpStatusPolicy.statuses(model, Map.of("net1", List.of(stale), "net2", List.of(elsewhere))))
                .containsEntry(MAPPED, PortStatus.DOWN).containsEntry(FORWARDED, PortStatus.DOWN);
        assertThat(FloatingIpStatusPolicy.statuses(model, Map.of())).containsOnlyKeys(MAPPED, FORWARDED, IDLE)
                .doesNotContainValue(PortStatus.ACTIVE);
    }

    private static FloatingIp fip(String id, String address, String port, String fixed, String router) {
        return new FloatingIp(id, "p", EXTERNAL, address, port, fixed, router, "", PortStatus.DOWN, 1);
    }

    private static RouterPlan plan(List<RouterPlan.FloatingNat> nats, List<RouterPlan.Forward> forwards) {
        return new RouterPlan(ROUTER, List.of(), null, null, true, List.of(), List.of(), nats, forwards);
    }
}
