package io.sluice.controller.store;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a store's watches. Each watch has a thread of its own that pulls from the store's change log: it
 * waits until a commit is announced past what it has read, reads the next batch (under the store's read
 * lock, briefly) and hands it to the listener outside any lock. Pulling from the log rather than pushing
 * into per-watch queues keeps commits independent of listeners and memory bounded by the log; the backlog
 * and live changes are one path, so nothing falls between them.
 */
final class WatchHub {
    private static final Logger log = LoggerFactory.getLogger(WatchHub.class);
    /** Changes read from the log per lock acquisition. */
    private static final int BATCH = 256;

    /** The store's change log as the watches read it. */
    interface Feed {
        /** See {@link StoreTables#changesAfter}. */
        List<Change> changesAfter(long afterRevision, int maxChanges);
    }

    private final String storeName;
    private final Feed feed;
    private final Object monitor = new Object();
    private final Set<Task> tasks = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    /** The newest revision whose changes are readable from the feed; guarded by monitor. */
    private long announced;

    WatchHub(String storeName, Feed feed) {
        this.storeName = storeName;
        this.feed = feed;
    }

    /** Tells the watches that changes up to {@code revision} can be read. */
    void announce(long revision) {
        synchronized (monitor) {
            announced = Math.max(announced, revision);
            monitor.notifyAll();
        }
    }

    Watch open(long afterRevision, Consumer<Change> listener) {
        Task task = new Task(afterRevision, listener);
        tasks.add(task);
        Thread thread = new Thread(task, "store-watch-" + storeName + "-" + ids.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    /** Stops every watch, failing each with {@code reason} (the store is going away). */
    void stopAll(StoreException reason) {
        for (Task task : tasks) {
            task.stop(reason);
        }
    }

    private final class Task implements Watch, Runnable {
        private final Consumer<Change> listener;
        private final CompletableFuture<Void> stopped = new CompletableFuture<>();
        /** Held while the listener runs, so stop() can wait out a delivery in progress. */
        private final ReentrantLock delivering = new ReentrantLock();
        private volatile boolean closed;
        /** Revision of the last change delivered; only the watch's thread touches it. */
        private long cursor;

        Task(long afterRevision, Consumer<Change> listener) {
            this.cursor = afterRevision;
            this.listener = listener;
        }

        @Override
        public void run() {
            try {
                long read = cursor; // everything up to here has been read from the log
                while (true) {
                    long target = awaitBeyond(read);
                    if (closed) {
                        break;
                    }
                    List<Change> batch = feed.changesAfter(cursor, BATCH);
                    for (Change change : batch) {
                        if (!deliver(change)) {
                            break;
                        }
                        cursor = change.revision();
                    }
                    // An empty batch means the log held nothing past the cursor up to the announced target.
                    read = batch.isEmpty() ? target : cursor;
                }
            } catch (StoreException e) {
                log.warn("watch {} after revision {} stopped: {}", Thread.currentThread().getName(), cursor,
                        e.getMessage());
                stopped.completeExceptionally(e);
            } catch (InterruptedException e) {
                stopped.completeExceptionally(new StoreUnavailableException("watch thread interrupted", e));
            } finally {
                tasks.remove(this);
            }
        }

        private long awaitBeyond(long read) throws InterruptedException {
            synchronized (monitor) {
                while (announced <= read && !closed) {
                    monitor.wait();
                }
                return announced;
            }
        }

        /** Hands one change to the listener unless the watch is closed; false if it is. */
        private boolean deliver(Change change) {
            delivering.lock();
            try {
                if (closed) {
                    return false;
                }
                listener.accept(change);
            } catch (RuntimeException e) {
                log.warn("watch listener failed on {}; delivery goes on", change, e);
            } finally {
                delivering.unlock();
            }
            return true;
        }

        @Override
        public void close() {
            stop(null);
        }

        void stop(StoreException reason) {
            closed = true;
            synchronized (monitor) {
                monitor.notifyAll();
            }
            // Wait out a delivery in progress (re-entrant, so a listener may close its own watch).
            delivering.lock();
            delivering.unlock();
            if (reason == null) {
                stopped.complete(null);
            } else {
                stopped.completeExceptionally(reason);
            }
            tasks.remove(this);
        }

        @Override
        public CompletionStage<Void> stopped() {
            return stopped;
        }
    }
}
