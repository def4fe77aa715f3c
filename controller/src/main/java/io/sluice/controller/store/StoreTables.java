package io.sluice.controller.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The store's tables and the rules that keep them consistent, over plain sorted maps so the in-memory store
 * and MapDB (whose maps implement the same interfaces) share one implementation. Not thread-safe: the
 * owning store serializes writers and keeps readers out while {@link #apply} runs.
 *
 * <ul>
 *   <li>documents: {@link Keys} key to {@link ChangeCodec#encodeDocument encoded} (mod revision, value);
 *   <li>log: revision to that commit's {@link ChangeCodec#encodeCommit encoded} changes, the oldest dropped
 *       whole while the log holds more than {@code maxLogChanges} changes (never the newest commit);
 *   <li>meta: the store revision, the compacted revision, and the number of changes in the log.
 * </ul>
 */
final class StoreTables {
    private static final String REVISION = "revision";
    private static final String COMPACTED = "compacted";
    private static final String LOG_CHANGES = "logChanges";

    private final NavigableMap<String, byte[]> documents;
    private final NavigableMap<Long, byte[]> log;
    private final Map<String, Long> meta;
    private final int maxLogChanges;

    StoreTables(NavigableMap<String, byte[]> documents, NavigableMap<Long, byte[]> log, Map<String, Long> meta,
            int maxLogChanges) {
        if (maxLogChanges < 1) {
            throw new IllegalArgumentException("the change log must hold at least one change: " + maxLogChanges);
        }
        this.documents = documents;
        this.log = log;
        this.meta = meta;
        this.maxLogChanges = maxLogChanges;
    }

    /** Empty tables in heap maps. */
    static StoreTables onHeap(int maxLogChanges) {
        return new StoreTables(new TreeMap<>(), new TreeMap<>(), new HashMap<>(), maxLogChanges);
    }

    /** A copy of these tables in heap maps, independent of the maps (and files) behind these. */
    StoreTables copyOnHeap() {
        return new StoreTables(new TreeMap<>(documents), new TreeMap<>(log), new HashMap<>(meta), maxLogChanges);
    }

    long revision() {
        return meta.getOrDefault(REVISION, 0L);
    }

    /** Every change up to and including this revision has left the log. */
    long compactedRevision() {
        return meta.getOrDefault(COMPACTED, 0L);
    }

    Optional<Versioned> get(String kind, String id) {
        return Optional.ofNullable(documents.get(Keys.of(kind, id))).map(ChangeCodec::decodeDocument);
    }

    List<Entry> list(String kind) {
        List<Entry> entries = new ArrayList<>();
        documents.subMap(Keys.lowest(kind), true, Keys.beyond(kind), false).forEach((key, encoded) ->
                entries.add(new Entry(Keys.id(key), ChangeCodec.decodeDocument(encoded))));
        return entries;
    }

    /**
     * Checks the preconditions and returns the changes the transaction makes at {@code revision}: puts, and
     * deletes of documents that exist.
     *
     * @throws ConflictException naming the first precondition that fails
     */
    List<Change> plan(Transaction transaction, long revision) {
        for (Transaction.Precondition condition : transaction.preconditions()) {
            long actual = get(condition.kind(), condition.id()).map(Versioned::modRevision).orElse(0L);
            if (actual != condition.expectedModRevision()) {
                throw new ConflictException(condition.kind(), condition.id(), condition.expectedModRevision(), actual);
            }
        }
        List<Change> changes = new ArrayList<>(transaction.writes().size());
        for (Transaction.Write write : transaction.writes()) {
            if (!write.isDelete()) {
                changes.add(Change.put(revision, write.kind(), write.id(), write.value()));
            } else if (documents.containsKey(Keys.of(write.kind(), write.id()))) {
                changes.add(Change.delete(revision, write.kind(), write.id()));
            }
        }
        return changes;
    }

    void apply(long revision, List<Change> changes) {
        if (revision != revision() + 1) {
            throw new IllegalStateException("revision " + revision + " does not follow " + revision());
        }
        for (Change change : changes) {
            String key = Keys.of(change.kind(), change.id());
            if (change.isDeletion()) {
                documents.remove(key);
            } else {
                documents.put(key, ChangeCodec.encodeDocument(new Versioned(change.value(), revision)));
            }
        }
        log.put(revision, ChangeCodec.encodeCommit(changes));
        meta.put(REVISION, revision);
        compact(meta.getOrDefault(LOG_CHANGES, 0L) + changes.size(), revision);
    }

    private void compact(long logChanges, long newest) {
        long compacted = compactedRevision();
        while (logChanges > maxLogChanges && log.firstKey() != newest) {
            Map.Entry<Long, byte[]> oldest = log.pollFirstEntry();
            logChanges -= ChangeCodec.changeCount(oldest.getValue());
            compacted = oldest.getKey();
        }
        meta.put(LOG_CHANGES, logChanges);
        meta.put(COMPACTED, compacted);
    }

    /**
     * Changes after {@code afterRevision} in order, whole commits only, stopping once {@code maxChanges} are
     * gathered (a single larger commit is returned whole).
     *
     * @throws CompactedException if some of those changes have left the log
     */
    List<Change> changesAfter(long afterRevision, int maxChanges) {
        long compacted = compactedRevision();
        if (afterRevision < compacted) {
            throw new CompactedException(afterRevision, compacted);
        }
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<Long, byte[]> commit : log.tailMap(afterRevision, false).entrySet()) {
            if (changes.size() >= maxChanges) {
                break;
            }
            changes.addAll(ChangeCodec.decodeCommit(commit.getKey(), commit.getValue()));
        }
        return changes;
    }
}
