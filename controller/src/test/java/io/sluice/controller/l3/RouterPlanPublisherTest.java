package io.sluice.controller.l3;

import static io.sluice.controller.l3.RouterPlanCompilerTest.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.Snapshot;
import io.sluice.models.l3.RouterPlan;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RouterPlanPublisherTest {
    private final AtomicReference<TenantModel> model = new AtomicReference<>(
            model(true, Map.of(RouterPlanCompilerTest.ROUTER, "net1")));
    private final List<Map.Entry<String, List<RouterPlan>>> sent = new ArrayList<>();
    private final Set<String> disconnected = new HashSet<>();
    private final RouterPlanPublisher publisher = new RouterPlanPublisher((host, plans) -> {
        if (disconnected.contains(host)) {
            return false;
        }
        sent.add(Map.entry(host, plans));
        return true;
    }, () -> Snapshot.EMPTY.withTenants(model.get()), Runnable::run);

    @Test
    void aRegisteringAgentGetsItsHostsWholeSetEvenWhenEmpty() {
        publisher.l3AgentRegistered("net1");
        publisher.l3AgentRegistered("net2");

        assertThat(sent).containsExactly(Map.entry("net1", plans()), Map.entry("net2", List.of()));
    }

    @Test
    void sendsOnlyWhenAHostsPlansChange() {
        publisher.l3AgentRegistered("net1");
        publisher.l3AgentRegistered("net2");
        sent.clear();

        publisher.publish();
        model.set(withVm(model.get()));
        publisher.publish();
        assertThat(sent).as("nothing router-related changed").isEmpty();

        model.set(model(true, Map.of(RouterPlanCompilerTest.ROUTER, "net2")));
        publisher.publish();
        assertThat(sent).containsExactly(Map.entry("net1", List.of()), Map.entry("net2", plans()));
    }

    @Test
    void aReRegistrationGetsTheWholeSetAgain() {
        publisher.l3AgentRegistered("net1");
        publisher.l3AgentRegistered("net1");

        assertThat(sent).containsExactly(Map.entry("net1", plans()), Map.entry("net1", plans()));
    }

    @Test
    void aSendThatFoundNoAgentIsTriedAgainOnTheNextChange() {
        disconnected.add("net1");
        publisher.l3AgentRegistered("net1");
        assertThat(sent).isEmpty();

        disconnected.clear();
        model.set(withVm(model.get()));
        publisher.publish();

        assertThat(sent).containsExactly(Map.entry("net1", plans()));
    }

    @Test
    void appliedPlansAreKeptAndToldToListeners() {
        List<String> told = new ArrayList<>();
        publisher.addListener((host, plans) -> told.add(host + ":" + plans.size()));

        publisher.routersApplied("net1", plans());

        assertThat(publisher.applied()).containsExactly(Map.entry("net1", plans()));
        assertThat(told).containsExactly("net1:1");
    }

    private List<RouterPlan> plans() {
        return RouterPlanCompiler.plansByHost(model.get()).values().iterator().next();
    }

    private static TenantModel withVm(TenantModel current) {
        Port vm = RouterPlanCompilerTest.port("44444444-0000-4000-8000-000000000009", RouterPlanCompilerTest.TENANT_NET,
                "fa:16:3e:00:00:09", RouterPlanCompilerTest.TENANT_SUBNET, "10.0.1.9", "vm2", "compute:nova");
        Map<String, Port> ports = new HashMap<>(current.ports());
        ports.put(vm.id(), vm);
        return current.withPorts(current.revision() + 1, ports);
    }
}
