package io.sluice.controller.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.RandomCloud;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
        int written = 0;
        for (int step = 0; step < 300; step++) {
            String change = cloud.change();
            for (int h = 1; h <= 5; h++) {
                if (step == 0 || random.nextInt(4) == 0) {
                    states.put(DatapathId.of(h), STATES.get(random.nextInt(STATES.size())));
                }
            }
            Snapshot snapshot = cloud.snapshot();
            Map<String, PortStatus> toWrite = tracker.toWrite(snapshot, dpid -> states.getOrDefault(dpid,
                    Optional.empty()));

            Map<String, PortStatus> fromScratch = PortStatusPolicy.statuses(snapshot, dpid -> states.getOrDefault(dpid,
                    Optional.empty()));
            Map<String, PortStatus> differing = new HashMap<>();
            fromScratch.forEach((id, status) -> {
                if (snapshot.tenants().ports().get(id).status() != status) {
                    differing.put(id, status);
                }
            });
            assertThat(tracker.decided()).as("seed %d step %d (%s)", seed, step, change).isEqualTo(fromScratch);
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
        Map<String, PortStatus> first = tracker.toWrite(cloud.snapshot(), dpid -> Optional.of(true));
        first.forEach(cloud::writeStatus);
        assertThat(first).as("a busy cloud's first statuses").isNotEmpty();

        assertThat(tracker.toWrite(cloud.snapshot(), dpid -> Optional.of(true))).isEmpty();
        assertThat(tracker.decided().keySet()).allMatch(id -> {
            Port port = cloud.snapshot().tenants().ports().get(id);
            return port.status() == tracker.decided().get(id);
        });
    }
}
