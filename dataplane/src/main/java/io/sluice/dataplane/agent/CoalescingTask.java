package io.sluice.dataplane.agent;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an asynchronous task one at a time, however often it is requested: requests that arrive while it
 * runs collapse into one more run after it. A burst of OVSDB updates thus costs at most two reconciliations.
 */
final class CoalescingTask {
    private static final Logger log = LoggerFactory.getLogger(CoalescingTask.class);

    private final Supplier<CompletableFuture<?>> task;
    private boolean running;
    private boolean rerun;

    /** @param task must handle its own failures; its future completing (either way) ends the run */
    CoalescingTask(Supplier<CompletableFuture<?>> task) {
        this.task = task;
    }

    void request() {
        synchronized (this) {
            if (running) {
                rerun = true;
                return;
            }
            running = true;
        }
        runOnce();
    }

    private void runOnce() {
        CompletableFuture<?> done;
        try {
            done = task.get();
        } catch (RuntimeException e) {
            log.error("task failed", e);
            done = CompletableFuture.completedFuture(null);
        }
        done.whenComplete((ignored, error) -> {
            synchronized (this) {
                if (!rerun) {
                    running = false;
                    return;
                }
                rerun = false;
            }
            runOnce();
        });
    }
}
