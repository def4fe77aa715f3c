package io.sluice.controller.reconcile;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * How many switches are dumped at once, controller-wide; the others wait their turn. A hypervisor at 1,000 x
 * 100 holds ~3,900 flows, ~6 MB as OpenFlowJ decoded them (~1 MB of reply frames since dumps are read from their
 * bytes, {@code ReportedFlows}): a thousand dumps at once (an audit, a reconnect storm, a restart) put gigabytes
 * in flight and more reading on the OpenFlow threads than they finish before the echo replies queued behind it
 * pass the keepalive's dead-peer time, so sessions to healthy switches close. A few dumps at a time keep the
 * connections busy all the same.
 */
final class DumpSlots {
    private final int slots;
    /** Where a waiting dump is started when a slot frees: not on the stack of the one that freed it. */
    private final Executor starter;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int busy;

    DumpSlots(int slots, Executor starter) {
        if (slots < 1) {
            throw new IllegalArgumentException("dump slots must be at least 1: " + slots);
        }
        this.slots = slots;
        this.starter = starter;
    }

    /** Starts the dump now if a slot is free, else when one frees; its slot frees when it completes either way. */
    <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> dump) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> start(dump, result);
        boolean now;
        synchronized (this) {
            now = busy < slots;
            if (now) {
                busy++;
            } else {
                waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private <T> void start(Supplier<CompletableFuture<T>> dump, CompletableFuture<T> result) {
        CompletableFuture<T> started;
        try {
            started = dump.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((value, error) -> {
            release();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
    }

    /** The slot passes to the longest waiting dump, or frees. */
    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                busy--;
            }
        }
        if (next != null) {
            starter.execute(next);
        }
    }
}
