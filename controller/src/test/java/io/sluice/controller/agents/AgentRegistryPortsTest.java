package io.sluice.controller.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentRegistryPortsTest {
    private static final String MAC = "fa:16:3e:00:00:01";

    private final AgentRegistry registry = new AgentRegistry(Duration.ofSeconds(2), Duration.ofSeconds(6),
            Clock.systemUTC(), System::nanoTime);
    private final List<String> changed = new ArrayList<>();

    AgentRegistryPortsTest() {
        registry.addListener(new AgentRegistry.Listener() {
            @Override
            public void agentRegistered(AgentInfo info) {
            }

            @Override
            public void portsChanged(String host) {
                changed.add(host);
            }
        });
    }

    private static AgentInfo info(String host) {
        return new AgentInfo(host, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "198.51.100.1", Map.of(),
                "0000000000000001", Map.of("vxlan", 65000), Map.of(), false);
    }

    private static PortReport plugged(String portId, String host, int ofport) {
        return new PortReport(portId, host, ofport, MAC, true);
    }

    private static PortReport gone(String portId, String host) {
        return new PortReport(portId, host, -1, MAC, false);
    }

    @Test
    void theFirstUpdateAfterRegisteringIsTheFullListThenChangesApply() {
        registry.register(info("hv1"));
        registry.portUpdate("hv1", List.of(plugged("a", "hv1", 1), plugged("b", "hv1", 2)));
        registry.portUpdate("hv1", List.of(plugged("c", "hv1", 3), gone("a", "hv1"), plugged("b", "hv1", 7)));

        assertThat(UsablePorts.of(registry)).isEqualTo(Map.of("b", plugged("b", "hv1", 7), "c", plugged("c", "hv1", 3)));
        assertThat(changed).containsExactly("hv1", "hv1");
    }

    @Test
    void aFullListAfterReRegisteringReplacesTheHostsPorts() {
        registry.register(info("hv1"));
        registry.portUpdate("hv1", List.of(plugged("a", "hv1", 1), plugged("b", "hv1", 2)));
        registry.register(info("hv1"));

        assertThat(UsablePorts.of(registry)).as("kept until the full list comes").containsOnlyKeys("a", "b");
        registry.portUpdate("hv1", List.of(plugged("b", "hv1", 2)));
        assertThat(UsablePorts.of(registry)).containsOnlyKeys("b");

        registry.register(info("hv1"));
        registry.portUpdate("hv1", List.of());
        assertThat(UsablePorts.of(registry)).isEmpty();
    }

    @Test
    void anUnchangedFullListChangesNothing() {
        registry.register(info("hv1"));
        registry.portUpdate("hv1", List.of(plugged("a", "hv1", 1)));
        registry.register(info("hv1"));
        registry.portUpdate("hv1", List.of(plugged("a", "hv1", 1)));
        registry.portUpdate("hv1", List.of());

        assertThat(changed).containsExactly("hv1");
    }

    @Test
    void theUsablePortsAreTheSameMapUntilAReportChanges() {
        registry.register(info("hv1"));
        registry.portUpdate("hv1", List.of(plugged("a", "hv1", 1)));
        Map<String, List<PortReport>> first = registry.usablePortsEverywhere();

        registry.portUpdate("hv1", List.of(plugged("a", "hv1", 1)));
        assertThat(registry.usablePortsEverywhere()).as("an update that changed nothing").isSameAs(first);
        registry.portUpdate("hv1", List.of(plugged("b", "hv1", 2)));
        assertThat(registry.usablePortsEverywhere()).isNotSameAs(first).containsOnlyKeys("a", "b");
        assertThat(first).containsOnlyKeys("a");
    }

    @Test
    void aDisconnectionKeepsThePortsOnlyPresentFalseRemovesOne() {
        registry.register(info("hv1"));
        registry.portUpdate("hv1", List.of(plugged("a", "hv1", 1), plugged("b", "hv1", 2)));

        registry.disconnected("hv1");
        assertThat(UsablePorts.of(registry)).containsOnlyKeys("a", "b");

        registry.portUpdate("hv1", List.of(gone("a", "hv1")));
        assertThat(UsablePorts.of(registry)).containsOnlyKeys("b");
    }

    @Test
    void onlyUsablePortsAreOffered() {
        registry.register(info("hv1"));
        registry.portUpdate("hv1", List.of(plugged("a", "hv1", 1), plugged("b", "hv1", -1)));

        assertThat(UsablePorts.of(registry)).containsOnlyKeys("a");
        registry.portUpdate("hv1", List.of(plugged("a", "hv1", -1)));
        assertThat(UsablePorts.of(registry)).isEmpty();
    }

    @Test
    void aPortOnTwoHostsIsTakenFromTheLaterReport() {
        registry.register(info("src"));
        registry.register(info("dst"));
        registry.portUpdate("src", List.of(plugged("vm", "src", 4)));
        registry.portUpdate("dst", List.of(plugged("vm", "dst", 9)));
        assertThat(UsablePorts.of(registry).get("vm").host()).isEqualTo("dst");

        // The source re-sends its unchanged report (it reconnected): that is no newer news.
        registry.register(info("src"));
        registry.portUpdate("src", List.of(plugged("vm", "src", 4)));
        assertThat(UsablePorts.of(registry).get("vm").host()).isEqualTo("dst");

        registry.portUpdate("dst", List.of(gone("vm", "dst")));
        assertThat(UsablePorts.of(registry).get("vm").host()).as("back where it still is").isEqualTo("src");
        registry.portUpdate("src", List.of(gone("vm", "src")));
        assertThat(UsablePorts.of(registry)).isEmpty();
    }

    @Test
    void reportsFromUnregisteredHostsOrNamingAnotherHostAreDropped() {
        registry.portUpdate("ghost", List.of(plugged("a", "ghost", 1)));
        registry.register(info("hv1"));
        registry.portUpdate("hv1", List.of(plugged("a", "hv2", 1), plugged("b", "hv1", 2)));

        assertThat(UsablePorts.of(registry)).containsOnlyKeys("b");
        assertThat(changed).containsExactly("hv1");
    }
}
