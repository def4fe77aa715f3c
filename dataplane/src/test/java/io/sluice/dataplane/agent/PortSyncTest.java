package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.ports.VmPort;
import io.sluice.models.agent.PortReport;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PortSyncTest {
    private static final String MAC1 = "fa:16:3e:00:00:01";
    private static final String MAC2 = "fa:16:3e:00:00:02";
    private final PortSync sync = new PortSync();

    private static Map<String, VmPort> plugged(VmPort... ports) {
        return Arrays.stream(ports).collect(Collectors.toMap(VmPort::portId, p -> p));
    }

    private static PortReport report(String portId, int ofport, String mac) {
        return new PortReport(portId, "hv1", ofport, mac, true);
    }

    @Test
    void theFullListHoldsTheUsablePortsOnly() {
        assertThat(sync.fullList("hv1", plugged(new VmPort("b", 7, MAC2), new VmPort("a", 5, MAC1),
                new VmPort("c", -1, null))))
                .containsExactly(report("a", 5, MAC1), report("b", 7, MAC2));
        assertThat(sync.fullList("hv1", Map.of())).isEmpty();
    }

    @Test
    void nothingIsToldBeforeTheFirstFullListNorBetweenARegisterAndItsList() {
        Map<String, VmPort> one = plugged(new VmPort("a", 5, MAC1));
        assertThat(sync.changes(one)).isEmpty();

        sync.fullList("hv1", Map.of());
        sync.registering();
        assertThat(sync.changes(one)).isEmpty();
        assertThat(sync.fullList("hv1", one)).containsExactly(report("a", 5, MAC1));
    }

    @Test
    void aPortIsToldOnceUsableThenOnEveryChangeAndWhenItGoes() {
        sync.fullList("hv1", Map.of());

        assertThat(sync.changes(plugged(new VmPort("a", -1, MAC1)))).as("not numbered yet").isEmpty();
        assertThat(sync.changes(plugged(new VmPort("a", 5, MAC1)))).containsExactly(report("a", 5, MAC1));
        assertThat(sync.changes(plugged(new VmPort("a", 5, MAC1)))).as("unchanged").isEmpty();
        assertThat(sync.changes(plugged(new VmPort("a", 6, MAC1)))).containsExactly(report("a", 6, MAC1));
        assertThat(sync.changes(plugged(new VmPort("a", 6, MAC2)))).containsExactly(report("a", 6, MAC2));
        assertThat(sync.changes(plugged(new VmPort("a", -1, MAC2)))).as("lost its number: still plugged")
                .containsExactly(report("a", -1, MAC2));
        assertThat(sync.changes(Map.of())).containsExactly(new PortReport("a", "hv1", -1, MAC2, false));
        assertThat(sync.changes(Map.of())).isEmpty();
    }

    @Test
    void aPortThatGoesBeforeItWasUsableIsNeverTold() {
        sync.fullList("hv1", Map.of());
        assertThat(sync.changes(plugged(new VmPort("a", -1, MAC1)))).isEmpty();
        assertThat(sync.changes(Map.of())).isEmpty();
    }

    @Test
    void aBurstIsOneSortedList() {
        sync.fullList("hv1", plugged(new VmPort("gone", 3, MAC1)));
        assertThat(sync.changes(plugged(new VmPort("z", 9, MAC2), new VmPort("m", 8, MAC1))))
                .containsExactly(new PortReport("gone", "hv1", -1, MAC1, false), report("m", 8, MAC1),
                        report("z", 9, MAC2));
    }
}
