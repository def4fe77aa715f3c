package io.sluice.controller.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.l3.RouterPlan;
import io.sluice.models.tenant.ExternalGateway;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.HostRoute;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterPlanCompilerTest {
    private static final String PROJECT = "p1";
    static final String TENANT_NET = "11111111-0000-4000-8000-000000000001";
    private static final String EXT_NET = "11111111-0000-4000-8000-000000000002";
    static final String TENANT_SUBNET = "22222222-0000-4000-8000-000000000001";
    private static final String EXT_SUBNET = "22222222-0000-4000-8000-000000000002";
    static final String ROUTER = "33333333-0000-4000-8000-000000000001";
    private static final String IFACE_PORT = "44444444-0000-4000-8000-000000000001";
    private static final String GW_PORT = "44444444-0000-4000-8000-000000000002";
    private static final String VM_PORT = "44444444-0000-4000-8000-000000000003";
    private static final String FIP = "55555555-0000-4000-8000-000000000001";
    private static final String PF_FIP = "55555555-0000-4000-8000-000000000002";
    private static final String PF = "66666666-0000-4000-8000-000000000001";

    @Test
    void aScheduledRouterBecomesItsHostsPlan() {
        Map<String, List<RouterPlan>> plans = RouterPlanCompiler.plansByHost(model(true, Map.of(ROUTER, "net1")));

        assertThat(plans).containsOnlyKeys("net1");
        assertThat(plans.get("net1")).containsExactly(new RouterPlan(ROUTER,
                List.of(new RouterPlan.Leg(IFACE_PORT, "fa:16:3e:00:00:01", List.of("10.0.1.1/24"), 1450)),
                new RouterPlan.Leg(GW_PORT, "fa:16:3e:00:00:02", List.of("203.0.113.10/24"), 1500),
                "203.0.113.1", true, List.of("10.0.1.0/24"),
                List.of(new RouterPlan.StaticRoute("192.168.0.0/24", "10.0.1.9")),
                List.of(new RouterPlan.FloatingNat("203.0.113.20", "10.0.1.5")),
                List.of(new RouterPlan.Forward("tcp", "203.0.113.21", 2222, "10.0.1.5", 22))));
    }

    @Test
    void unscheduledOrAdministrativelyDownRoutersAreNotPlanned() {
        assertThat(RouterPlanCompiler.plansByHost(model(true, Map.of()))).isEmpty();
        assertThat(RouterPlanCompiler.plansByHost(model(false, Map.of(ROUTER, "net1")))).isEmpty();
    }

    @Test
    void theSameModelYieldsEqualPlans() {
        assertThat(RouterPlanCompiler.plansByHost(model(true, Map.of(ROUTER, "net1"))))
                .isEqualTo(RouterPlanCompiler.plansByHost(model(true, Map.of(ROUTER, "net1"))));
    }

    @Test
    void theRouterViewYieldsTheSamePlansAndIgnoresChangesThatTouchNoRouter() {
        TenantModel model = model(true, Map.of(ROUTER, "net1"));
        Port other = port("44444444-0000-4000-8000-000000000009", TENANT_NET, "fa:16:3e:00:00:09", TENANT_SUBNET,
                "10.0.1.9", "vm2", "compute:nova");
        Map<String, Port> withOther = new HashMap<>(model.ports());
        withOther.put(other.id(), other);
        TenantModel vmAdded = model.withPorts(2, withOther);

        assertThat(RouterPlanCompiler.plansByHost(RouterPlanCompiler.routerView(model)))
                .isEqualTo(RouterPlanCompiler.plansByHost(model));
        assertThat(RouterPlanCompiler.routerView(vmAdded)).isEqualTo(RouterPlanCompiler.routerView(model));
        assertThat(RouterPlanCompiler.routerView(model).ports()).as("router ports and the forwarded VM port")
                .containsOnlyKeys(IFACE_PORT, GW_PORT, VM_PORT);
    }

    @Test
    void theRouterViewChangesWithARouterPortOrAForwardedPort() {
        TenantModel model = model(true, Map.of(ROUTER, "net1"));
        Map<String, Port> movedGateway = new HashMap<>(model.ports());
        movedGateway.put(GW_PORT, port(GW_PORT, EXT_NET, "fa:16:3e:00:00:02", EXT_SUBNET, "203.0.113.11", ROUTER,
                Router.GATEWAY_OWNER));
        Map<String, Port> movedVm = new HashMap<>(model.ports());
        movedVm.put(VM_PORT, port(VM_PORT, TENANT_NET, "fa:16:3e:00:00:03", TENANT_SUBNET, "10.0.1.6", "vm1",
                "compute:nova"));

        for (TenantModel changed : List.of(model.withPorts(2, movedGateway), model.withPorts(2, movedVm))) {
            assertThat(RouterPlanCompiler.routerView(changed)).isNotEqualTo(RouterPlanCompiler.routerView(model));
            assertThat(RouterPlanCompiler.plansByHost(RouterPlanCompiler.routerView(changed)))
                    .isEqualTo(RouterPlanCompiler.plansByHost(changed))
                    .isNotEqualTo(RouterPlanCompiler.plansByHost(model));
        }
    }

    @Test
    void aViewDerivedFromTheLastEqualsOneMadeFromScratchAtEveryStep() {
        TenantModel model = model(true, Map.of(ROUTER, "net1"));
        Port vm2 = port("44444444-0000-4000-8000-000000000009", TENANT_NET, "fa:16:3e:00:00:09", TENANT_SUBNET,
                "10.0.1.9", "vm2", "compute:nova");
        Port movedGateway = port(GW_PORT, EXT_NET, "fa:16:3e:00:00:02", EXT_SUBNET, "203.0.113.11", ROUTER,
                Router.GATEWAY_OWNER);
        Port movedVm = port(VM_PORT, TENANT_NET, "fa:16:3e:00:00:03", TENANT_SUBNET, "10.0.1.6", "vm1",
                "compute:nova");
        PortForwarding toVm2 = new PortForwarding("66666666-0000-4000-8000-000000000002", PF_FIP, "tcp", 2223, 22,
                vm2.id(), "10.0.1.9", "", 1);
        List<java.util.function.UnaryOperator<TenantModel>> steps = List.of(
                m -> m.withPorts(2, PersistentMaps.of(m.ports()).plus(vm2.id(), vm2)),
                m -> m.withPorts(3, PersistentMaps.of(m.ports()).plus(GW_PORT, movedGateway)),
                m -> m.withPorts(4, PersistentMaps.of(m.ports()).plus(VM_PORT, movedVm)),
                m -> new TenantModel(5, m.networks(), m.subnets(), m.ports(), m.routers(), m.floatingIps(),
                        PersistentMaps.of(m.portForwardings()).plus(toVm2.id(), toVm2), m.routerHosts()),
                m -> m.withPorts(6, PersistentMaps.of(m.ports()).minus(IFACE_PORT)),
                m -> m.withPorts(7, new HashMap<>(m.ports())), // another lineage: every port compared
                m -> m.withPorts(8, PersistentMaps.of(m.ports()).minus(vm2.id())));

        TenantModel view = RouterPlanCompiler.routerView(model);
        for (var step : steps) {
            TenantModel next = step.apply(model);
            view = RouterPlanCompiler.routerView(next, model, view);
            assertThat(view).isEqualTo(RouterPlanCompiler.routerView(next));
            model = next;
        }
        assertThat(view.ports()).containsOnlyKeys(GW_PORT, VM_PORT);
    }

    static TenantModel model(boolean adminUp, Map<String, String> routerHosts) {
        List<Network> networks = List.of(
                new Network(TENANT_NET, PROJECT, "tenant", true, false, false, NetworkType.VXLAN, 100, null, 1450, 1),
                new Network(EXT_NET, PROJECT, "ext", true, true, true, NetworkType.FLAT, null, "physnet1", 1500, 1));
        List<Subnet> subnets = List.of(
                new Subnet(TENANT_SUBNET, PROJECT, TENANT_NET, "s", "10.0.1.0/24", "10.0.1.1", List.of(), true,
                        List.of(), List.of(), 1),
                new Subnet(EXT_SUBNET, PROJECT, EXT_NET, "e", "203.0.113.0/24", "203.0.113.1", List.of(), false,
                        List.of(), List.of(), 1));
        List<Port> ports = List.of(
                port(IFACE_PORT, TENANT_NET, "fa:16:3e:00:00:01", TENANT_SUBNET, "10.0.1.1", ROUTER,
                        Router.INTERFACE_OWNER),
                port(GW_PORT, EXT_NET, "fa:16:3e:00:00:02", EXT_SUBNET, "203.0.113.10", ROUTER, Router.GATEWAY_OWNER),
                port(VM_PORT, TENANT_NET, "fa:16:3e:00:00:03", TENANT_SUBNET, "10.0.1.5", "vm1", "compute:nova"));
        Router router = new Router(ROUTER, PROJECT, "r", "", adminUp,
                new ExternalGateway(EXT_NET, true, List.of(new FixedIp(EXT_SUBNET, "203.0.113.10"))),
                List.of(new HostRoute("192.168.0.0/24", "10.0.1.9")), 1);
        List<FloatingIp> fips = List.of(
                new FloatingIp(FIP, PROJECT, EXT_NET, "203.0.113.20", VM_PORT, "10.0.1.5", ROUTER, "",
                        PortStatus.DOWN, 1),
                new FloatingIp(PF_FIP, PROJECT, EXT_NET, "203.0.113.21", null, null, null, "", PortStatus.DOWN, 1));
        List<PortForwarding> forwards = List.of(new PortForwarding(PF, PF_FIP, "tcp", 2222, 22, VM_PORT, "10.0.1.5",
                "", 1));
        TenantModel model = TenantModel.of(1, networks, subnets, ports, List.of(router), fips, forwards);
        return new TenantModel(model.revision(), model.networks(), model.subnets(), model.ports(), model.routers(),
                model.floatingIps(), model.portForwardings(), routerHosts);
    }

    static Port port(String id, String network, String mac, String subnet, String ip, String device,
                             String owner) {
        return new Port(id, PROJECT, network, "", mac, List.of(new FixedIp(subnet, ip)), device, owner, true, false,
                List.of(), null, null, 1);
    }
}
