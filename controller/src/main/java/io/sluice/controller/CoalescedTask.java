package io.sluice.controller;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work that many events ask for, run on one executor: requests that arrive while a run waits there ride along
 * with it, so a burst of events costs one run. The work reads the state it needs when it runs.
 */
final class CoalescedTask {
    private final Executor executor;
    private final Runnable work;
    private final AtomicBoolean pending = new AtomicBoolean();

    CoalescedTask(Executor executor, Runnable work) {
        this.executor = executor;
        this.work = work;
    }

    void request() {
        if (pending.compareAndSet(false, true)) {
            executor.execute(() -> {
                pending.set(false);
                work.run();
            });
        }
    }
}
