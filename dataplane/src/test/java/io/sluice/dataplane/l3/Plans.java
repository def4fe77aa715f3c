package io.sluice.dataplane.l3;

import io.sluice.models.l3.RouterPlan;
import java.util.List;

/** A router with two interface subnets and a gateway, the shape the tests build on. */
final class Plans {
    static final String ROUTER = "3f1c2a00-0000-4000-8000-000000000001";
    static final String LEFT_PORT = "aaaaaaaa-1111-4000-8000-000000000001";
    static final String RIGHT_PORT = "bbbbbbbb-2222-4000-8000-000000000002";
    static final String GATEWAY_PORT = "cccccccc-3333-4000-8000-000000000003";

    private Plans() {
    }

    static RouterPlan router(List<RouterPlan.FloatingNat> floatingIps, List<RouterPlan.Forward> forwards) {
        return new RouterPlan(ROUTER,
                List.of(new RouterPlan.Leg(LEFT_PORT, "fa:16:3e:00:00:01", List.of("10.0.1.1/24"), 1450),
                        new RouterPlan.Leg(RIGHT_PORT, "fa:16:3e:00:00:02", List.of("10.0.2.1/24"), 1450)),
                new RouterPlan.Leg(GATEWAY_PORT, "fa:16:3e:00:00:03", List.of("203.0.113.10/24"), 1500),
                "203.0.113.1", true, List.of("10.0.1.0/24", "10.0.2.0/24"), List.of(), floatingIps, forwards);
    }

    static RouterPlan router() {
        return router(List.of(), List.of());
    }
}
