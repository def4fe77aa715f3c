package io.sluice.controller.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The controller's state: documents (opaque bytes; callers do the JSON) keyed by (kind, id), e.g.
 * ("network", uuid). Shaped after etcd's API so a replicated backend can implement it: one global revision,
 * strictly increasing and surviving restarts, advanced by one for each commit that changes something; every
 * document remembers the revision that last wrote it; a bounded change log feeds watches.
 *
 * <p>Every method may throw {@link StoreUnavailableException}.
 */
public interface Store extends AutoCloseable {
    /** The revision of the last commit; 0 for a store that has never been written. */
    long revision();

    Optional<Versioned> get(String kind, String id);

    /** The documents of a kind, ordered by id, together with the revision they reflect. */
    Listing listing(String kind);

    /** The documents of a kind, ordered by id. */
    default List<Entry> list(String kind) {
        return listing(kind).entries();
    }

    /**
     * Applies the transaction atomically: all its writes or none. Returns the new store revision, which every
     * change of this commit carries; a commit that changes nothing (only deletes of absent documents, or no
     * writes) returns the current revision and makes no change event, as in etcd. Once this returns the
     * commit is durable (for a persistent store: it survives a crash of the process).
     *
     * @throws ConflictException if a precondition fails; nothing is written
     * @throws StoreUnavailableException if the commit could not be made durable; nothing is written
     */
    long commit(Transaction transaction);

    /**
     * Delivers every change after {@code afterRevision} to the listener, in revision order and within a
     * revision in the commit's write order: first what the change log holds, then new commits as they happen.
     * The listener runs on a thread of the watch's own, never under the store's locks, so a slow listener
     * delays only its own watch. A listener that throws is logged and delivery goes on.
     *
     * @throws CompactedException if the log no longer holds all changes after {@code afterRevision}
     */
    Watch watch(long afterRevision, Consumer<Change> listener);

    /** Stops all watches and releases the store's files; the store cannot be used afterwards. */
    @Override
    void close();
}
