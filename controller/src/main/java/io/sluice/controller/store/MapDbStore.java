package io.sluice.controller.store;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.StoreWAL;
import org.mapdb.WriteAheadLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's store on local disk: MapDB 3.1.0 tables made crash-safe by a journal and checkpoints.
 *
 * <p>MapDB's own transactions are not enough. Its commit forces a write-ahead log, then rewrites the main
 * file in place, and never replays that log on open: a process killed during the rewrite, or a disk that
 * fills up during it, leaves a file that fails to open or to write (reproduced on our machines: 4 of ~50
 * kill -9s during a commit loop; every commit that met a full disk). So the MapDB file is only working state:
 * <ul>
 *   <li>{@code journal.log}: every commit, forced to disk before it is applied ({@link Journal}); a commit
 *       is acknowledged once it is there, and refused (nothing written) if it cannot get there;
 *   <li>{@code checkpoint.db}: a copy of the MapDB file taken between commits (when the journal passes
 *       {@code checkpointBytes}, and on close), after which the journal is emptied;
 *   <li>{@code state.db}: the MapDB file the store reads and writes (no fsync: it is never trusted after a
 *       restart), rebuilt on every open and after any failed write as checkpoint + journal replay.
 * </ul>
 * A full disk is refused before anything is written ({@code minFreeBytes}). When the disk refuses state.db
 * a journaled commit still counts: the tables are rebuilt on the heap from the same checkpoint and journal,
 * the store serves and commits from there (journaling every commit, taking no checkpoints), and tries a
 * rebuilt state.db again after the next commit the journal takes, then at most every {@link #FILE_RETRY}.
 */
public final class MapDbStore extends LocalStore {
    private static final Logger log = LoggerFactory.getLogger(MapDbStore.class);
    private static final String STATE = "state.db";
    private static final String CHECKPOINT = "checkpoint.db";
    private static final String CHECKPOINT_TEMP = "checkpoint.db.tmp";
    private static final String JOURNAL = "journal.log";
    /** Rebuilding state.db copies the checkpoint and replays the journal: not on every commit of a bad disk. */
    private static final Duration FILE_RETRY = Duration.ofSeconds(10);

    private final MapDbStoreConfig config;
    private final Path directory;
    private final Journal journal;
    /** Resolved once: finding a path's file store reads the mount table (~0.1 ms), too slow per commit. */
    private final FileStore disk;
    /** Replaced by each rebuild, null while the tables are on the heap; writers only (readers use the tables). */
    private DB db;
    /** Journal size at which the next checkpoint is taken; writers only. */
    private long checkpointAt;
    /** While on the heap: the journal's size when the disk last refused state.db; writers only. */
    private long refusedAtJournalSize;
    /** While on the heap: System.nanoTime() from which a journaled commit tries state.db again; writers only. */
    private long fileRetryAt;

    private MapDbStore(MapDbStoreConfig config, Journal journal, FileStore disk) {
        super("mapdb:" + config.directory());
        this.config = config;
        this.directory = config.directory();
        this.journal = journal;
        this.disk = disk;
        install(rebuild());
    }

    /** Opens (or creates) the store in {@code config.directory()}, replaying what the last run journaled. */
    public static MapDbStore open(MapDbStoreConfig config) {
        FileStore disk;
        try {
            Files.createDirectories(config.directory());
            disk = Files.getFileStore(config.directory());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create store directory " + config.directory() + ": " + e, e);
        }
        Journal journal = Journal.open(config.directory().resolve(JOURNAL));
        try {
            return new MapDbStore(config, journal, disk);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /** Whether the tables are on the heap because the disk refused state.db. */
    boolean onHeap() {
        return db == null;
    }

    /** The tables as checkpoint + journal: in a fresh state.db, or on the heap if the disk refuses that. */
    private StoreTables rebuild() {
        try {
            return rebuildFile();
        } catch (StoreUnavailableException e) {
            log.warn("store {}: the disk refuses the working file ({}); serving from memory, still journaling "
                    + "every commit", directory, e.getMessage());
            StoreTables tables = rebuildOnHeap();
            refusedAtJournalSize = journal.size();
            fileRetryAt = System.nanoTime(); // the next commit the journal takes tries the file again
            return tables;
        }
    }

    /** A fresh state.db from the checkpoint (if any) plus every journaled commit after it. */
    private StoreTables rebuildFile() {
        closeDb();
        Path state = directory.resolve(STATE);
        try {
            deleteStateFiles();
            Path checkpoint = directory.resolve(CHECKPOINT);
            if (Files.exists(checkpoint)) {
                Files.copy(checkpoint, state);
            }
            // Transactions not for safety (see above) but speed: MapDB's non-transactional store measured
            // ~100 commits/s here against ~700 with them.
            db = DBMaker.fileDB(state.toFile()).transactionEnable().fileSyncDisable().make();
            StoreTables tables = tablesOf(db);
            long fromCheckpoint = tables.revision();
            replayJournal(tables);
            db.commit();
            checkpointAt = journal.size() + config.checkpointBytes();
            log.info("store {} at revision {} (checkpoint {}, journal {} bytes)", directory, tables.revision(),
                    fromCheckpoint, journal.size());
            return tables;
        } catch (IOException | RuntimeException e) {
            closeDb();
            throw e instanceof StoreUnavailableException u ? u
                    : new StoreUnavailableException("cannot rebuild store " + directory + ": " + e, e);
        }
    }

    /** The checkpoint (read only) plus every journaled commit after it, in heap maps: needs no disk writes. */
    private StoreTables rebuildOnHeap() {
        Path checkpoint = directory.resolve(CHECKPOINT);
        StoreTables tables;
        if (Files.exists(checkpoint)) {
            DB copy = null;
            try {
                copy = DBMaker.fileDB(checkpoint.toFile()).readOnly().fileLockDisable().make();
                tables = tablesOf(copy).copyOnHeap();
            } catch (RuntimeException e) {
                throw new StoreUnavailableException("cannot read checkpoint " + checkpoint + ": " + e, e);
            } finally {
                if (copy != null) {
                    copy.close();
                }
            }
        } else {
            tables = StoreTables.onHeap(config.maxLogChanges());
        }
        replayJournal(tables);
        log.info("store {} at revision {} in memory (journal {} bytes)", directory, tables.revision(), journal.size());
        return tables;
    }

    private StoreTables tablesOf(DB files) {
        return new StoreTables(
                files.treeMap("documents", Serializer.STRING, Serializer.BYTE_ARRAY)
                        .valuesOutsideNodesEnable().createOrOpen(),
                files.treeMap("log", Serializer.LONG, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen(),
                files.treeMap("meta", Serializer.STRING, Serializer.LONG).createOrOpen(),
                config.maxLogChanges());
    }

    private void replayJournal(StoreTables tables) {
        journal.replay((revision, changes) -> {
            if (revision > tables.revision()) {
                tables.apply(revision, changes);
            }
        });
    }

    @Override
    protected void checkWritable() {
        long free;
        try {
            free = disk.getUsableSpace();
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot check free space of " + directory + ": " + e, e);
        }
        if (free < config.minFreeBytes()) {
            throw new StoreUnavailableException("disk of " + directory + " has " + free + " bytes free, less than "
                    + "the " + config.minFreeBytes() + " kept in reserve; commit refused, nothing written");
        }
    }

    @Override
    protected void append(long revision, List<Change> changes) {
        journal.append(revision, changes);
    }

    @Override
    protected void applied() {
        if (db != null) {
            db.commit();
        }
    }

    /** The failed commit is journaled: the rebuilt tables hold it, on the heap if the disk refuses state.db. */
    @Override
    protected StoreTables recover(RuntimeException failure) {
        log.warn("store {}: rebuilding from checkpoint and journal", directory);
        return rebuild();
    }

    @Override
    protected void afterCommit() {
        if (db == null) {
            retryFile();
        } else if (journal.size() >= checkpointAt) {
            checkpoint();
        }
    }

    /** Once the disk has taken a journal record since it refused state.db, tries moving back to state.db. */
    private void retryFile() {
        if (journal.size() == refusedAtJournalSize || System.nanoTime() - fileRetryAt < 0) {
            return;
        }
        try {
            install(rebuildFile()); // readers go on with the heap tables meanwhile: they are not touched
            // a warning too: it ends the warnings of serving from memory
            log.warn("store {}: back on its working file, no longer serving from memory", directory);
        } catch (StoreUnavailableException e) {
            refusedAtJournalSize = journal.size();
            fileRetryAt = System.nanoTime() + FILE_RETRY.toNanos();
            log.warn("store {}: the working file still fails ({}); serving from memory, retrying in {} s",
                    directory, e.getMessage(), FILE_RETRY.toSeconds());
        }
    }

    /** Copies state.db (complete on disk after each MapDB commit; writers are excluded) and empties the journal. */
    private void checkpoint() {
        Path temp = directory.resolve(CHECKPOINT_TEMP);
        try {
            Files.copy(directory.resolve(STATE), temp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel copy = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                copy.force(true);
            }
            Files.move(temp, directory.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
            journal.reset(); // a crash before this replays records the checkpoint has: they are skipped
            checkpointAt = config.checkpointBytes();
        } catch (IOException | RuntimeException e) {
            // Nothing is lost, the journal still holds every commit; only the replay after a crash grows.
            log.warn("store {}: checkpoint failed, retrying later: {}", directory, e.toString());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the next checkpoint replaces it
            }
            checkpointAt = journal.size() + config.checkpointBytes();
        }
    }

    @Override
    protected void release() {
        if (db != null && journal.size() > 0) {
            checkpoint(); // the next open then copies the checkpoint and replays nothing
        }
        closeDb();
        journal.close();
    }

    private void deleteStateFiles() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, STATE + "*")) {
            for (Path file : files) {
                Files.delete(file); // state.db and MapDB's state.db.wal.N
            }
        }
    }

    private void closeDb() {
        if (db != null) {
            org.mapdb.Store files = db.getStore(); // not reachable once the DB is closed
            try {
                db.close();
            } catch (RuntimeException e) {
                log.warn("store {}: closing the failed MapDB file: {}", directory, e.toString());
            }
            closeWriteAheadLog(files);
            db = null;
        }
    }

    /**
     * MapDB's StoreWAL.close() leaves its write-ahead log open when a transaction failed midway (normally a
     * commit closes it). The open handles would keep the deleted log's space allocated on a disk that has
     * just run full, so close the log too; it is only reachable by reflection.
     */
    private void closeWriteAheadLog(org.mapdb.Store files) {
        try {
            Method wal = StoreWAL.class.getDeclaredMethod("getWal");
            wal.setAccessible(true);
            ((WriteAheadLog) wal.invoke(files)).close();
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("store {}: cannot close MapDB's write-ahead log: {}", directory, e.toString());
        }
    }
}
