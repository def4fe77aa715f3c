package io.sluice.controller.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.compile.l2.Lab;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.PersistentMaps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pcollections.PMap;

/** A snapshot's reports: a persistent map kept as it is (the placement's diff needs its lineage), and frozen. */
class SnapshotTest {
    private static final PortReport RED_A_ON_HV1 = Lab.plugged(Lab.RED_A, "hv1", 1);
    private static final PortReport RED_B_ON_HV2 = Lab.plugged(Lab.RED_B, "hv2", 2);

    @Test
    void keepsAPersistentMapAsItIsAndCopiesAnyOther() {
        PMap<String, PortReport> ports = PersistentMaps.<String, PortReport>empty().plus(Lab.RED_A.id(), RED_A_ON_HV1);
        Map<String, PortReport> standby = new HashMap<>(Map.of(Lab.RED_B.id(), RED_B_ON_HV2));
        Snapshot snapshot = Snapshot.EMPTY.withPorts(ports, standby);

        assertThat(snapshot.ports()).isSameAs(ports);
        standby.clear();
        assertThat(snapshot.standby()).containsExactly(Map.entry(Lab.RED_B.id(), RED_B_ON_HV2));
    }

    @Test
    void refusesEveryChangeToItsReports() {
        Snapshot snapshot = Snapshot.EMPTY.withPorts(
                PersistentMaps.<String, PortReport>empty().plus(Lab.RED_A.id(), RED_A_ON_HV1),
                Map.of(Lab.RED_B.id(), RED_B_ON_HV2));
        for (Map<String, PortReport> reports : List.of(snapshot.ports(), snapshot.standby())) {
            assertThatThrownBy(() -> reports.put("other", RED_A_ON_HV1))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> reports.keySet().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> reports.entrySet().iterator().next().setValue(RED_B_ON_HV2))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(snapshot.ports()).containsOnlyKeys(Lab.RED_A.id());
        assertThat(snapshot.standby()).containsOnlyKeys(Lab.RED_B.id());
    }
}
