package io.sluice.controller.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store on this machine: {@link StoreTables} guarded by two locks, with hooks for making commits durable.
 * Writers are serialized by one mutex and do their slow work (checks, the durable append) under it alone;
 * readers are kept out only while a commit is applied to the tables, so reads stay concurrent with each
 * other and with a commit's disk flush.
 *
 * <p>Commit: {@link #checkWritable}, plan against the tables, {@link #append} (durable from here on, so
 * acknowledged from here on), apply and {@link #applied} with readers excluded, announce to watches,
 * {@link #afterCommit}. If applying fails the tables cannot be trusted: {@link #recover} rebuilds them with
 * the commit in them and the commit succeeds; only if that fails too does every call retry it (and fail
 * meanwhile) until it succeeds.
 */
abstract class LocalStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(LocalStore.class);

    private final String name;
    private final ReentrantLock writer = new ReentrantLock();
    private final ReentrantReadWriteLock access = new ReentrantReadWriteLock();
    private final WatchHub watches;
    /** Null from a failed write until a rebuild succeeds; written under access's write lock. */
    private volatile StoreTables tables;
    private volatile long revision;
    private volatile boolean closed;

    protected LocalStore(String name) {
        this.name = name;
        this.watches = new WatchHub(name, this::changesAfter);
    }

    /** Refuses a commit before anything is written, e.g. when the disk is nearly full. */
    protected void checkWritable() {
    }

    /** Makes one commit durable before it is applied; throws and writes nothing if it cannot. */
    protected void append(long revision, List<Change> changes) {
    }

    /** Called with readers excluded once a commit is in the tables. */
    protected void applied() {
    }

    /** Called after each commit with only writers excluded (for slow upkeep such as checkpoints). */
    protected void afterCommit() {
    }

    /** Rebuilds the tables, with every appended commit in them, after applying one failed; throws if it cannot. */
    protected abstract StoreTables recover(RuntimeException failure);

    /** Releases files; called once by {@link #close} with writers excluded and watches stopped. */
    protected void release() {
    }

    /**
     * Installs tables a subclass opened (from its constructor) or rebuilt at the current revision (from
     * {@link #afterCommit}, writers excluded).
     */
    protected final void install(StoreTables opened) {
        access.writeLock().lock();
        try {
            tables = opened;
            revision = opened.revision();
        } finally {
            access.writeLock().unlock();
        }
        watches.announce(revision);
    }

    @Override
    public long revision() {
        ensureOpen();
        return revision;
    }

    @Override
    public Optional<Versioned> get(String kind, String id) {
        return read(t -> t.get(kind, id));
    }

    @Override
    public Listing listing(String kind) {
        return read(t -> new Listing(t.revision(), t.list(kind)));
    }

    @Override
    public long commit(Transaction transaction) {
        writer.lock();
        try {
            ensureOpen();
            if (tables == null) {
                rebuild(null);
            }
            checkWritable();
            long next = revision + 1;
            List<Change> changes = tables.plan(transaction, next); // only this writer mutates: no read lock
            if (changes.isEmpty()) {
                return revision;
            }
            append(next, changes);
            applyExclusively(next, changes);
            watches.announce(next);
            afterCommit();
            return next;
        } finally {
            writer.unlock();
        }
    }

    private void applyExclusively(long next, List<Change> changes) {
        access.writeLock().lock();
        try {
            tables.apply(next, changes);
            applied();
            revision = next;
        } catch (RuntimeException e) {
            log.error("store {}: applying revision {} failed; rebuilding", name, next, e);
            String outcome = "store " + name + ": revision " + next + " is durable but could not be applied; "
                    + "it becomes visible once the store recovers (on the next call or restart)";
            try {
                rebuild(e);
            } catch (StoreUnavailableException notYet) {
                throw new StoreUnavailableException(outcome, notYet);
            }
            if (revision < next) {
                throw new StoreUnavailableException(outcome, e);
            }
        } finally {
            access.writeLock().unlock();
        }
    }

    /** Replaces the tables with rebuilt ones; leaves them null (reads fail, commits retry) if that fails. */
    private void rebuild(RuntimeException failure) {
        access.writeLock().lock();
        try {
            tables = null;
            try {
                tables = recover(failure);
            } catch (RuntimeException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                throw e instanceof StoreUnavailableException u ? u
                        : new StoreUnavailableException("store " + name + " could not recover", e);
            }
            revision = tables.revision();
        } finally {
            access.writeLock().unlock();
        }
        log.info("store {}: recovered at revision {}", name, revision);
    }

    @Override
    public Watch watch(long afterRevision, Consumer<Change> listener) {
        if (afterRevision < 0) {
            throw new IllegalArgumentException("revision must be >= 0: " + afterRevision);
        }
        // Fails now, not on the watch's thread, if the log no longer reaches back that far.
        read(t -> t.changesAfter(afterRevision, 0));
        return watches.open(afterRevision, listener);
    }

    private List<Change> changesAfter(long afterRevision, int maxChanges) {
        return read(t -> t.changesAfter(afterRevision, maxChanges));
    }

    private <T> T read(Function<StoreTables, T> query) {
        if (tables == null) {
            recoverForReaders();
        }
        access.readLock().lock();
        try {
            ensureOpen();
            StoreTables current = tables;
            if (current == null) {
                throw new StoreUnavailableException("store " + name + " is recovering from a failed write");
            }
            return query.apply(current);
        } catch (StoreException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("store " + name + ": read failed", e);
        } finally {
            access.readLock().unlock();
        }
    }

    /** Readers must not wait for a writer to come along before the store serves them again. */
    private void recoverForReaders() {
        writer.lock(); // taken before the access lock, as commits do
        try {
            ensureOpen();
            if (tables == null) {
                rebuild(null);
            }
        } finally {
            writer.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("store " + name + " is closed");
        }
    }

    @Override
    public void close() {
        writer.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            watches.stopAll(new StoreUnavailableException("store " + name + " closed"));
            access.writeLock().lock();
            try {
                release();
            } finally {
                access.writeLock().unlock();
            }
        } finally {
            writer.unlock();
        }
    }
}
