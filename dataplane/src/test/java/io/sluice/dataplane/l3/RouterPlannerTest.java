package io.sluice.dataplane.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.l3.RouterPlan;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterPlannerTest {
    private static final RouterNaming NAMING = new RouterNaming("hb-qrouter-", "hb-");
    private static final RouterPlan.FloatingNat FIP = new RouterPlan.FloatingNat("203.0.113.20", "10.0.1.5");

    @Test
    void buildsAnAbsentRouterWholeInOrder() {
        RouterChanges changes = RouterPlanner.plan(NAMING, Plans.router(), RouterState.ABSENT);

        assertThat(changes.createNamespace()).isTrue();
        assertThat(changes.enableForwarding()).isTrue();
        assertThat(changes.hostBatch()).containsExactly(
                "link add hb-aaaaaaaa-11 mtu 1450 type veth peer name qr-aaaaaaaa-11 address fa:16:3e:00:00:01"
                        + " mtu 1450 netns hb-qrouter-" + Plans.ROUTER,
                "link set hb-aaaaaaaa-11 up",
                "link add hb-bbbbbbbb-22 mtu 1450 type veth peer name qr-bbbbbbbb-22 address fa:16:3e:00:00:02"
                        + " mtu 1450 netns hb-qrouter-" + Plans.ROUTER,
                "link set hb-bbbbbbbb-22 up",
                "link add hb-cccccccc-33 mtu 1500 type veth peer name qg-cccccccc-33 address fa:16:3e:00:00:03"
                        + " mtu 1500 netns hb-qrouter-" + Plans.ROUTER,
                "link set hb-cccccccc-33 up");
        assertThat(changes.offloads()).hasSize(6);
        assertThat(changes.plugs()).containsExactly(
                new LegPlug.Plug("hb-aaaaaaaa-11", Plans.LEFT_PORT, "fa:16:3e:00:00:01"),
                new LegPlug.Plug("hb-bbbbbbbb-22", Plans.RIGHT_PORT, "fa:16:3e:00:00:02"),
                new LegPlug.Plug("hb-cccccccc-33", Plans.GATEWAY_PORT, "fa:16:3e:00:00:03"));
        assertThat(changes.namespaceBatch()).containsExactly("link set lo up",
                "addr add 10.0.1.1/24 dev qr-aaaaaaaa-11", "link set qr-aaaaaaaa-11 up",
                "addr add 10.0.2.1/24 dev qr-bbbbbbbb-22", "link set qr-bbbbbbbb-22 up",
                "addr add 203.0.113.10/24 dev qg-cccccccc-33", "link set qg-cccccccc-33 up",
                "route replace default via 203.0.113.1");
        assertThat(changes.natRestore()).isEqualTo(NatTable.restoreInput(NatTable.render(Plans.router())));
        assertThat(changes.conntrackFlushes()).isEmpty();
        assertThat(changes.announcements())
                .containsExactly(new RouterChanges.Announcement("qg-cccccccc-33", "203.0.113.10"));
    }

    @Test
    void aRouterThatIsRightIsLeftAlone() {
        RouterPlan plan = Plans.router(List.of(FIP), List.of());

        assertThat(RouterPlanner.plan(NAMING, plan, converged(plan)).isEmpty()).isTrue();
    }

    @Test
    void addingAFloatingIpAddsItsAddressRulesAndAnnouncementOnly() {
        RouterPlan plan = Plans.router(List.of(FIP), List.of());

        RouterChanges changes = RouterPlanner.plan(NAMING, plan, converged(Plans.router()));

        assertThat(changes.createNamespace() || changes.enableForwarding()).isFalse();
        assertThat(changes.hostBatch()).isEmpty();
        assertThat(changes.offloads()).isEmpty();
        assertThat(changes.plugs()).isEmpty();
        assertThat(changes.namespaceBatch()).containsExactly("addr add 203.0.113.20/32 dev qg-cccccccc-33");
        assertThat(changes.natRestore()).isEqualTo(NatTable.restoreInput(NatTable.render(plan)));
        assertThat(changes.conntrackFlushes()).isEmpty();
        assertThat(changes.announcements())
                .containsExactly(new RouterChanges.Announcement("qg-cccccccc-33", "203.0.113.20"));
    }

    @Test
    void removingAFloatingIpFlushesItsConnectionsBothWays() {
        RouterChanges changes = RouterPlanner.plan(NAMING, Plans.router(),
                converged(Plans.router(List.of(FIP), List.of())));

        assertThat(changes.namespaceBatch()).containsExactly("addr del 203.0.113.20/32 dev qg-cccccccc-33");
        assertThat(changes.natRestore()).isNotNull();
        assertThat(changes.conntrackFlushes()).containsExactlyInAnyOrder(
                List.of("-D", "--orig-dst", "203.0.113.20"), List.of("-D", "--reply-dst", "203.0.113.20"));
        assertThat(changes.announcements()).isEmpty();
    }

    @Test
    void removingAPortForwardingFlushesOnlyItsProtocolAndPort() {
        RouterPlan.Forward forward = new RouterPlan.Forward("tcp", "203.0.113.21", 2222, "10.0.2.7", 22);

        RouterChanges changes = RouterPlanner.plan(NAMING, Plans.router(),
                converged(Plans.router(List.of(), List.of(forward))));

        assertThat(changes.conntrackFlushes()).containsExactly(
                List.of("-D", "--orig-dst", "203.0.113.21", "-p", "tcp", "--orig-port-dst", "2222"));
    }

    @Test
    void aLegLeavingIsDeletedAndUnpluggedAndRoutesGoFirst() {
        RouterPlan full = Plans.router();
        RouterPlan withoutRight = new RouterPlan(full.routerId(), full.interfaces().subList(0, 1), full.gateway(),
                full.defaultNexthop(), true, List.of("10.0.1.0/24"), List.of(), List.of(), List.of());
        RouterPlan withRoute = new RouterPlan(full.routerId(), full.interfaces(), full.gateway(),
                full.defaultNexthop(), true, full.snatSources(),
                List.of(new RouterPlan.StaticRoute("192.168.7.0/24", "10.0.2.9")), List.of(), List.of());

        RouterChanges changes = RouterPlanner.plan(NAMING, withoutRight, converged(withRoute));

        assertThat(changes.namespaceBatch()).containsExactly("route del 192.168.7.0/24",
                "link del qr-bbbbbbbb-22");
        assertThat(changes.unplugs()).containsExactly("hb-bbbbbbbb-22");
        assertThat(changes.natRestore()).isNotNull();
    }

    @Test
    void aLegLeftDownIsFinishedAndItsOffloadsRedone() {
        RouterPlan plan = Plans.router();
        RouterState state = converged(plan);
        Map<String, RouterState.Link> links = new HashMap<>(state.links());
        RouterState.Link left = links.get("qr-aaaaaaaa-11");
        links.put(left.name(), new RouterState.Link(left.name(), left.mac(), left.mtu(), false, left.addresses()));

        RouterChanges changes = RouterPlanner.plan(NAMING, plan,
                new RouterState(true, true, links, state.routes(), state.natRules(), state.plugged()));

        assertThat(changes.offloads()).containsExactly(new RouterChanges.Offload("hb-aaaaaaaa-11", false),
                new RouterChanges.Offload("qr-aaaaaaaa-11", true));
        assertThat(changes.namespaceBatch()).containsExactly("link set qr-aaaaaaaa-11 up");
    }

    @Test
    void aChangedMacMtuOrUnpluggedLegIsRepairedInPlace() {
        RouterPlan plan = Plans.router();
        RouterState state = converged(plan);
        Map<String, RouterState.Link> links = new HashMap<>(state.links());
        links.put("qr-aaaaaaaa-11", new RouterState.Link("qr-aaaaaaaa-11", "fa:16:3e:99:99:99", 1500, true,
                Set.of("10.0.1.1/24")));

        RouterChanges changes = RouterPlanner.plan(NAMING, plan, new RouterState(true, true, links, state.routes(),
                state.natRules(), Set.of("hb-bbbbbbbb-22", "hb-cccccccc-33")));

        assertThat(changes.hostBatch()).containsExactly("link set hb-aaaaaaaa-11 mtu 1450");
        assertThat(changes.namespaceBatch()).containsExactly("link set qr-aaaaaaaa-11 address fa:16:3e:00:00:01",
                "link set qr-aaaaaaaa-11 mtu 1450");
        assertThat(changes.plugs()).containsExactly(
                new LegPlug.Plug("hb-aaaaaaaa-11", Plans.LEFT_PORT, "fa:16:3e:00:00:01"));
        assertThat(changes.natRestore()).isNull();
    }

    @Test
    void theTrustedStateAfterAnApplyIsWhatTheReaderWouldReport() {
        RouterPlan withFip = Plans.router(List.of(FIP), List.of());

        assertThat(RouterPlanner.expected(NAMING, withFip, RouterState.ABSENT)).isEqualTo(converged(withFip));
        assertThat(RouterPlanner.expected(NAMING, withFip, converged(Plans.router()))).isEqualTo(converged(withFip));
        assertThat(RouterPlanner.expected(NAMING, Plans.router(), converged(withFip)))
                .isEqualTo(converged(Plans.router()));
    }

    @Test
    void aLegThatLeftIsNoLongerTrustedPluggedButOtherRoutersPlugsAre() {
        RouterPlan full = Plans.router();
        RouterPlan withoutRight = new RouterPlan(full.routerId(), full.interfaces().subList(0, 1), full.gateway(),
                full.defaultNexthop(), true, List.of("10.0.1.0/24"), List.of(), List.of(), List.of());
        RouterState before = converged(full);
        Set<String> plugged = new LinkedHashSet<>(before.plugged());
        plugged.add("hb-dddddddd-44");

        RouterState after = RouterPlanner.expected(NAMING, withoutRight,
                before.withPlugged(plugged));

        assertThat(after.plugged()).containsExactlyInAnyOrder("hb-aaaaaaaa-11", "hb-cccccccc-33", "hb-dddddddd-44");
        assertThat(after.links()).doesNotContainKey("qr-bbbbbbbb-22");
        assertThat(RouterPlanner.plan(NAMING, withoutRight, after).isEmpty()).isTrue();
    }

    /** What a namespace holds once the plan was applied, as the reader would report it. */
    static RouterState converged(RouterPlan plan) {
        Map<String, RouterState.Link> links = new HashMap<>();
        links.put("lo", new RouterState.Link("lo", "00:00:00:00:00:00", 65536, true, Set.of("127.0.0.1/8")));
        Set<String> plugged = new LinkedHashSet<>();
        for (RouterPlan.Leg leg : plan.interfaces()) {
            String name = RouterNaming.interfaceName(leg.portId());
            links.put(name, new RouterState.Link(name, leg.macAddress(), leg.mtu(), true, Set.copyOf(leg.addresses())));
            plugged.add(NAMING.hostName(leg.portId()));
        }
        Set<String> gatewayAddresses = new LinkedHashSet<>(plan.gateway().addresses());
        plan.floatingIps().forEach(nat -> gatewayAddresses.add(nat.floatingIp() + "/32"));
        plan.portForwardings().forEach(forward -> gatewayAddresses.add(forward.floatingIp() + "/32"));
        String gateway = RouterNaming.gatewayName(plan.gateway().portId());
        links.put(gateway, new RouterState.Link(gateway, plan.gateway().macAddress(), plan.gateway().mtu(), true,
                gatewayAddresses));
        plugged.add(NAMING.hostName(plan.gateway().portId()));
        Map<String, String> routes = new HashMap<>();
        routes.put("default", plan.defaultNexthop());
        plan.routes().forEach(route -> routes.put(route.destination(), route.nexthop()));
        return new RouterState(true, true, links, routes, NatTable.render(plan), plugged);
    }
}
