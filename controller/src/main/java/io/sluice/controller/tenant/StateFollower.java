package io.sluice.controller.tenant;

import io.sluice.controller.store.Change;
import io.sluice.controller.store.Watch;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the repository's state equal to the store's tenant documents. Its own commits are applied at once,
 * from the change it committed, when every store change before them is already reflected; otherwise the watch
 * applies them when it reaches their revision, and the committer waits for that. A tenant change another
 * writer made reloads every tenant document (it is rare, and a listing never shows half a commit, which a
 * stream of single changes could). Changes to other kinds only advance the reflected revision.
 */
final class StateFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateFollower.class);
    /** How long a committer waits for the watch before it reloads instead. */
    private static final long CATCH_UP_MILLIS = 5_000;

    /** Opens the store's watch. */
    @FunctionalInterface
    interface Opener {
        Watch open(long afterRevision, Consumer<Change> listener);
    }

    /** An own commit that the watch has to apply when it reaches its revision. */
    private record Pending(long revision, BiFunction<TenantState, Long, TenantState> apply) {
    }

    private final Supplier<TenantState> loader;
    private final ModelNotifier notifier;
    private final Opener opener;
    private final Object lock = new Object();
    private volatile TenantState state;
    /** Every store change up to this revision is in the state; guarded by lock. */
    private long reflected;
    /** A commit of ours is between its call and its outcome; guarded by lock. */
    private boolean inFlight;
    private Pending pending;
    private Watch watch;
    private boolean closed;

    StateFollower(Supplier<TenantState> loader, ModelNotifier notifier, Opener opener) {
        this.loader = loader;
        this.notifier = notifier;
        this.opener = opener;
        synchronized (lock) {
            state = loader.get();
            reflected = state.revision();
            openWatch();
        }
    }

    TenantState state() {
        return state;
    }

    /**
     * Runs one commit of ours and returns the state that includes it.
     *
     * @param commit commits and returns the new store revision
     * @param apply  the state with the commit applied to a base state, at a revision
     */
    TenantState commit(LongSupplier commit, BiFunction<TenantState, Long, TenantState> apply) {
        synchronized (lock) {
            inFlight = true;
        }
        long revision;
        try {
            revision = commit.getAsLong();
        } catch (RuntimeException failed) {
            synchronized (lock) {
                inFlight = false;
                lock.notifyAll();
            }
            throw failed;
        }
        synchronized (lock) {
            // Still in flight for the watch until here, so it cannot mistake this commit for another writer's.
            inFlight = false;
            lock.notifyAll();
            if (reflected >= revision - 1 && reflected < revision) {
                update(apply.apply(state, revision), revision);
            } else if (reflected < revision) {
                pending = new Pending(revision, apply);
                awaitReflected(revision);
            }
            return state;
        }
    }

    /** Reloads after a conflict: the state is older than the store. */
    void resync() {
        synchronized (lock) {
            reload();
        }
    }

    private void awaitReflected(long revision) {
        long deadline = System.nanoTime() + CATCH_UP_MILLIS * 1_000_000;
        try {
            while (reflected < revision && !closed) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    log.warn("the store's watch has not reached revision {} in {} ms; reloading", revision,
                            CATCH_UP_MILLIS);
                    reload();
                    return;
                }
                lock.wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reload();
        }
    }

    private void onChange(Change change) {
        synchronized (lock) {
            try {
                while (inFlight && change.revision() > reflected && !closed) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closed || change.revision() <= reflected) {
                return;
            }
            if (pending != null && pending.revision() == change.revision()) {
                update(pending.apply().apply(state, change.revision()), change.revision());
            } else if (TenantRepository.isTenantKind(change.kind())) {
                log.debug("tenant change {} made elsewhere; reloading", change);
                reload();
            } else {
                // Delivered in revision order: everything before this change is in.
                reflected = Math.max(reflected, change.revision() - 1);
                lock.notifyAll();
            }
        }
    }

    private void update(TenantState next, long revision) {
        state = next;
        reflected = revision;
        if (pending != null && pending.revision() <= revision) {
            pending = null;
        }
        lock.notifyAll();
        notifier.publish(next.model());
    }

    private void reload() {
        TenantState loaded = loader.get();
        update(loaded, Math.max(loaded.revision(), reflected));
    }

    /** A watch that stops on its own (compacted log, store trouble) is replaced after a reload. */
    private void openWatch() {
        Watch opened = opener.open(reflected, this::onChange);
        watch = opened;
        opened.stopped().whenComplete((done, failure) -> {
            synchronized (lock) {
                if (failure == null || closed || watch != opened) {
                    return;
                }
                log.warn("tenant watch stopped ({}); reloading and watching again", failure.getMessage());
                try {
                    reload();
                    openWatch();
                } catch (RuntimeException e) {
                    log.error("tenant state cannot follow the store", e);
                }
            }
        });
    }

    @Override
    public void close() {
        Watch open;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            open = watch;
        }
        open.close();
    }
}
