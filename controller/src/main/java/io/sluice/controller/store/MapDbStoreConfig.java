package io.sluice.controller.store;

import java.nio.file.Path;

/**
 * Settings of a {@link MapDbStore}.
 *
 * @param directory        holds the journal, the checkpoint and the working MapDB file; one process at a time
 * @param maxLogChanges    changes kept for watches that resume from a revision
 * @param minFreeBytes     commits are refused (503) while the disk has less free space than this, before
 *                         anything is written, so MapDB never meets a full disk halfway through an update
 * @param checkpointBytes  journal size that triggers a checkpoint; bounds the replay after a crash
 */
public record MapDbStoreConfig(Path directory, int maxLogChanges, long minFreeBytes, long checkpointBytes) {
    public static final int DEFAULT_MAX_LOG_CHANGES = 100_000;
    public static final long DEFAULT_MIN_FREE_BYTES = 64L << 20;
    public static final long DEFAULT_CHECKPOINT_BYTES = 64L << 20;

    public MapDbStoreConfig {
        if (directory == null) {
            throw new IllegalArgumentException("a store directory is required");
        }
        if (maxLogChanges < 1 || minFreeBytes < 0 || checkpointBytes < 1) {
            throw new IllegalArgumentException("maxLogChanges and checkpointBytes must be positive, minFreeBytes >= 0");
        }
    }

    public static MapDbStoreConfig defaults(Path directory) {
        return new MapDbStoreConfig(directory, DEFAULT_MAX_LOG_CHANGES, DEFAULT_MIN_FREE_BYTES,
                DEFAULT_CHECKPOINT_BYTES);
    }
}
