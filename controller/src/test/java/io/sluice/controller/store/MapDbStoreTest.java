package io.sluice.controller.store;

import static java.nio.file.StandardOpenOption.APPEND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbStoreTest extends StoreContractTest {
    @TempDir
    Path directory;
    private int opened;

    @Override
    Store newStore(int maxLogChanges) {
        // each contract test that replaces its store gets a fresh directory
        return MapDbStore.open(new MapDbStoreConfig(directory.resolve("store" + opened++), maxLogChanges, 0,
                MapDbStoreConfig.DEFAULT_CHECKPOINT_BYTES));
    }

    private MapDbStore reopen(Path dir, long checkpointBytes) {
        return MapDbStore.open(new MapDbStoreConfig(dir, LOG_LIMIT, 0, checkpointBytes));
    }

    @Test
    void documentsRevisionAndChangeLogSurviveCloseAndReopen() {
        Path dir = directory.resolve("persist");
        try (MapDbStore first = reopen(dir, MapDbStoreConfig.DEFAULT_CHECKPOINT_BYTES)) {
            first.commit(put("network", "n1", "a"));
            first.commit(Transaction.builder().put("network", "n2", bytes("b")).delete("network", "n1").build());
        }
        try (MapDbStore second = reopen(dir, MapDbStoreConfig.DEFAULT_CHECKPOINT_BYTES)) {
            assertThat(second.revision()).isEqualTo(2);
            assertThat(second.get("network", "n1")).isEmpty();
            assertThat(second.get("network", "n2")).contains(new Versioned(bytes("b"), 2));
            assertThat(second.commit(put("network", "n3", "c"))).isEqualTo(3);

            store.close();
            store = second;
            BlockingQueue<Change> seen = watchFrom(0);
            assertThat(take(seen)).isEqualTo(Change.put(1, "network", "n1", bytes("a")));
            assertThat(take(seen)).isEqualTo(Change.put(2, "network", "n2", bytes("b")));
            assertThat(take(seen)).isEqualTo(Change.delete(2, "network", "n1"));
            assertThat(take(seen)).isEqualTo(Change.put(3, "network", "n3", bytes("c")));
        }
    }

    @Test
    void checkpointsAfterEveryCommitStillReopenConsistently() {
        Path dir = directory.resolve("checkpoints");
        try (MapDbStore first = reopen(dir, 1)) {
            for (int i = 1; i <= 20; i++) {
                first.commit(put("port", "p" + (i % 7), "v" + i));
            }
        }
        try (MapDbStore second = reopen(dir, 1)) {
            assertThat(second.revision()).isEqualTo(20);
            assertThat(second.list("port")).hasSize(7);
            assertThat(second.get("port", "p6")).contains(new Versioned(bytes("v20"), 20));
        }
    }

    @Test
    void aTornJournalTailIsIgnoredAndOverwritten() throws IOException {
        Path dir = directory.resolve("torn");
        // a checkpoint only on close would hide the journal; one this large never happens before it
        try (MapDbStore first = reopen(dir, Long.MAX_VALUE)) {
            first.commit(put("k", "1", "a"));
        }
        // The close took a checkpoint and emptied the journal: what a crash leaves is a partial record.
        Files.write(dir.resolve("journal.log"), new byte[] {0, 0, 0, 40, 1, 2, 3}, APPEND);
        try (MapDbStore second = reopen(dir, Long.MAX_VALUE)) {
            assertThat(second.revision()).isEqualTo(1);
            assertThat(second.commit(put("k", "2", "b"))).isEqualTo(2);
        }
        try (MapDbStore third = reopen(dir, Long.MAX_VALUE)) {
            assertThat(third.list("k")).extracting(Entry::id).containsExactly("1", "2");
        }
    }

    @Test
    void theWorkingFileIsNeverTrustedOnOpen() throws IOException {
        Path dir = directory.resolve("garbage");
        try (MapDbStore first = reopen(dir, MapDbStoreConfig.DEFAULT_CHECKPOINT_BYTES)) {
            first.commit(put("k", "1", "a"));
        }
        // What a crash in the middle of MapDB's in-place commit can leave behind.
        Files.write(dir.resolve("state.db"), new byte[4096]);
        try (MapDbStore second = reopen(dir, MapDbStoreConfig.DEFAULT_CHECKPOINT_BYTES)) {
            assertThat(second.get("k", "1")).contains(new Versioned(bytes("a"), 1));
        }
    }

    @Test
    void aWorkingFileTheDiskRefusesIsServedFromMemoryAndBackOnFileOnceItCanBe() throws IOException {
        Path dir = directory.resolve("refused");
        try (MapDbStore first = reopen(dir, Long.MAX_VALUE)) {
            first.commit(put("k", "1", "a"));
        } // the checkpoint now holds revision 1
        // A directory holding a file where state.db goes: every rebuild of the working file fails on it.
        Files.delete(dir.resolve("state.db"));
        Path obstacle = Files.createDirectories(dir.resolve("state.db")).resolve("obstacle");
        Files.createFile(obstacle);
        try (MapDbStore second = reopen(dir, Long.MAX_VALUE)) {
            assertThat(second.onHeap()).isTrue();
            assertThat(second.commit(put("k", "2", "b"))).isEqualTo(2);
        } // on the heap: no checkpoint, revision 2 only in the journal
        try (MapDbStore third = reopen(dir, Long.MAX_VALUE)) {
            assertThat(third.onHeap()).isTrue();
            assertThat(third.list("k")).extracting(Entry::id).containsExactly("1", "2");
            assertThat(third.get("k", "2")).contains(new Versioned(bytes("b"), 2));

            Files.delete(obstacle);
            assertThat(third.commit(put("k", "3", "c"))).isEqualTo(3);
            assertThat(third.onHeap()).as("back on the working file after a journaled commit").isFalse();
            assertThat(third.list("k")).extracting(Entry::id).containsExactly("1", "2", "3");
            assertThat(third.commit(put("k", "4", "d"))).isEqualTo(4);
        }
        try (MapDbStore fourth = reopen(dir, Long.MAX_VALUE)) {
            assertThat(fourth.onHeap()).isFalse();
            assertThat(fourth.revision()).isEqualTo(4);
            assertThat(fourth.list("k")).extracting(Entry::id).containsExactly("1", "2", "3", "4");
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        Path dir = directory.resolve("locked");
        try (MapDbStore first = reopen(dir, MapDbStoreConfig.DEFAULT_CHECKPOINT_BYTES)) {
            assertThatThrownBy(() -> reopen(dir, MapDbStoreConfig.DEFAULT_CHECKPOINT_BYTES))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("journal");
            assertThat(first.commit(put("k", "1", "a"))).isEqualTo(1);
        }
    }
}
