package io.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DumpSlotsTest {
    private final DumpSlots slots = new DumpSlots(2, Runnable::run);
    private final List<CompletableFuture<String>> started = new ArrayList<>();

    @Test
    void runsAsManyDumpsAsItHasSlotsAndTheRestInTurnAsSlotsFree() {
        CompletableFuture<String> first = slots.run(this::dump);
        CompletableFuture<String> second = slots.run(this::dump);
        CompletableFuture<String> third = slots.run(this::dump);
        CompletableFuture<String> fourth = slots.run(this::dump);

        assertThat(started).hasSize(2);
        assertThat(slots.waiting()).isEqualTo(2);

        started.get(1).complete("b");
        assertThat(second).isCompletedWithValue("b");
        assertThat(started).as("the longest waiting dump takes the freed slot").hasSize(3);
        started.get(2).complete("c");
        assertThat(third).isCompletedWithValue("c");
        assertThat(started).hasSize(4);
        assertThat(first).isNotDone();
        assertThat(fourth).isNotDone();
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void aFailedDumpFreesItsSlotAndFailsItsCaller() {
        CompletableFuture<String> failing = slots.run(this::dump);
        slots.run(this::dump);
        slots.run(this::dump);

        started.get(0).completeExceptionally(new IllegalStateException("session closed"));

        assertThat(failing).isCompletedExceptionally();
        assertThat(started).hasSize(3);
    }

    @Test
    void aDumpThatThrowsAtItsStartFreesItsSlot() {
        CompletableFuture<String> thrown = slots.run(() -> {
            throw new IllegalStateException("no session");
        });
        slots.run(this::dump);
        slots.run(this::dump);

        assertThat(thrown).isCompletedExceptionally();
        assertThat(started).as("both slots went to the next two").hasSize(2);
        assertThat(slots.waiting()).isZero();
    }

    private CompletableFuture<String> dump() {
        CompletableFuture<String> dump = new CompletableFuture<>();
        started.add(dump);
        return dump;
    }
}
