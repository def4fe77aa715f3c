package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CoalescingTaskTest {
    private final List<CompletableFuture<Void>> runs = new ArrayList<>();
    private final CoalescingTask task = new CoalescingTask(() -> {
        CompletableFuture<Void> run = new CompletableFuture<>();
        runs.add(run);
        return run;
    });

    @Test
    void requestsDuringARunCollapseIntoOneMoreRun() {
        task.request();
        task.request();
        task.request();
        assertThat(runs).hasSize(1);

        runs.get(0).complete(null);
        assertThat(runs).hasSize(2);

        runs.get(1).complete(null);
        assertThat(runs).hasSize(2);
    }

    @Test
    void aFailedRunDoesNotStopLaterOnes() {
        task.request();
        runs.get(0).completeExceptionally(new IllegalStateException("boom"));
        task.request();
        assertThat(runs).hasSize(2);
    }
}
