package io.sluice.controller.binding;

import static io.sluice.controller.binding.PortStatusPolicyTest.HV1;
import static io.sluice.controller.binding.PortStatusPolicyTest.HV2;
import static io.sluice.controller.binding.PortStatusPolicyTest.VM1;
import static io.sluice.controller.binding.PortStatusPolicyTest.VM2;
import static io.sluice.controller.binding.PortStatusPolicyTest.converged;
import static io.sluice.controller.binding.PortStatusPolicyTest.port;
import static io.sluice.controller.binding.PortStatusPolicyTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.RandomCloud;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The tracker decides what {@link PortStatusPolicy#statuses} decides from scratch (STYLE habit 5), over random
 * walks of a cloud's changes ({@link RandomCloud}) with switches' states moving between them and the statuses it
 * asks for written, partly written or not written at all (the store refused them).
 */
class PortStatusTrackerTest {
    private static final List<Optional<Boolean>> STATES = List.of(Optional.of(true), Optional.of(true),
            Optional.of(false), Optional.empty());

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34, 35, 36})
    void everyStepDecidesAsThePolicyFromScratch(long seed) {
        Random random = new Random(seed);
        RandomCloud cloud = new RandomCloud(new Random(seed));
        PortStatusTracker tracker = new PortStatusTracker();
        Map<DatapathId, Optional<Boolean>> states = new HashMap<>();
        boolean named = seed % 2 == 0; // else every switch is asked at every step
        int written = 0;
        for (int step = 0; step < 300; step++) {
            String change = cloud.change();
            // As the reconciler names them: each switch a run started or ended on, whatever its state became.
            Set<DatapathId> statesChanged = new HashSet<>();
            for (int h = 1; h <= 5; h++) {
                if (step == 0 || random.nextInt(4) == 0) {
                    states.put(DatapathId.of(h), STATES.get(random.nextInt(STATES.size())));
                    statesChanged.add(DatapathId.of(h));
                }
            }
            Snapshot snapshot = cloud.snapshot();
            Map<String, PortStatus> toWrite = tracker.toWrite(snapshot, dpid -> states.getOrDefault(dpid,
                    Optional.empty()), named ? statesChanged : null);

            Map<String, PortStatus> fromScratch = PortStatusPolicy.statuses(snapshot, dpid -> states.getOrDefault(dpid,
                    Optional.empty()));
            Map<String, PortStatus> differing = new HashMap<>();
            fromScratch.forEach((id, status) -> {
                if (snapshot.tenants().ports().get(id).status() != status) {
                    differing.put(id, status);
                }
            });
            assertThat(toWrite).as("seed %d step %d (%s): to write", seed, step, change).isEqualTo(differing);
            int outcome = random.nextInt(4); // 0: the store refused; 1: some written; else all
            for (Map.Entry<String, PortStatus> status : toWrite.entrySet()) {
                if (outcome > 1 || outcome == 1 && random.nextBoolean()) {
                    written += cloud.writeStatus(status.getKey(), status.getValue()) ? 1 : 0;
                }
            }
        }
        assertThat(written).as("statuses written along the walk").isGreaterThan(20);
    }

    @ParameterizedTest
    @ValueSource(longs = {41, 42})
    void aStepThatChangesNothingAsksNothingToBeWritten(long seed) {
        RandomCloud cloud = new RandomCloud(new Random(seed));
        for (int i = 0; i < 40; i++) {
            cloud.change();
        }
        PortStatusTracker tracker = new PortStatusTracker();
        Map<String, PortStatus> first = tracker.toWrite(cloud.snapshot(), dpid -> Optional.of(true), null);
        first.forEach(cloud::writeStatus);
        assertThat(first).as("a busy cloud's first statuses").isNotEmpty();

        assertThat(tracker.toWrite(cloud.snapshot(), dpid -> Optional.of(true), null)).isEmpty();
        PortStatusPolicy.statuses(cloud.snapshot(), dpid -> Optional.of(true)).forEach((id, status) ->
                assertThat(cloud.snapshot().tenants().ports().get(id).status()).as(id).isEqualTo(status));
    }

    @Test
    void aPortDecidedWhileItsNetworksSwitchesWereBusyIsDecidedWhenTheyAreDone() {
        PortStatusTracker tracker = new PortStatusTracker();
        PortReport vm1Plugged = new PortReport(VM1, "hv1", 10, "fa:16:3e:00:00:01", true);
        Port vm1 = port(VM1, "hv1");
        assertThat(tracker.toWrite(snapshot(List.of(vm1), List.of(vm1Plugged)), converged(Set.of(HV1, HV2),
                Set.of()), null)).containsExactly(Map.entry(VM1, PortStatus.ACTIVE));
        Port vm1Active = vm1.withStatus(PortStatus.ACTIVE);

        Snapshot vm2Plugged = snapshot(List.of(vm1Active, port(VM2, "hv2")), List.of(vm1Plugged,
                new PortReport(VM2, "hv2", 11, "fa:16:3e:00:00:02", true)));
        assertThat(tracker.toWrite(vm2Plugged, converged(Set.of(), Set.of()), null))
                .as("both switches run the network's new flows: nothing decided").isEmpty();
        assertThat(tracker.toWrite(vm2Plugged, converged(Set.of(HV1, HV2), Set.of()), null))
                .as("back as they were, and the new port with them")
                .containsExactly(Map.entry(VM2, PortStatus.ACTIVE));
    }
}
