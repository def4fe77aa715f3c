package io.sluice.controller.store;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child process of {@link KillNineDurabilityTest}: commits forever, each commit putting a pair of
 * documents and deleting the pair written {@link #KEEP} commits before, and prints "ack REVISION" once
 * each commit has returned. Commit i is revision i, so the test knows exactly what the store must hold.
 */
public final class PairWriter {
    static final int KEEP = 5;
    /** Small, so checkpoints (and crashes during them) happen during the test too. */
    static final long CHECKPOINT_BYTES = 16 << 10;

    private PairWriter() {
    }

    static MapDbStore open(Path directory) {
        return MapDbStore.open(new MapDbStoreConfig(directory, 1_000, 0, CHECKPOINT_BYTES));
    }

    /** Commit i's value: sizes vary so MapDB allocates, frees and reuses records. */
    static byte[] value(long i) {
        byte[] value = new byte[16 + (int) (i * 37 % 3000)];
        Arrays.fill(value, (byte) i);
        return value;
    }

    public static void main(String[] args) {
        MapDbStore store = open(Path.of(args[0]));
        for (long i = store.revision() + 1; ; i++) {
            Transaction.Builder commit = Transaction.builder()
                    .put("pair", i + "-a", value(i)).put("pair", i + "-b", value(i));
            if (i > KEEP) {
                commit.delete("pair", (i - KEEP) + "-a").delete("pair", (i - KEEP) + "-b");
            }
            long revision = store.commit(commit.build());
            if (revision != i) {
                System.err.println("commit " + i + " got revision " + revision);
                System.exit(2);
            }
            System.out.println("ack " + revision);
        }
    }
}
