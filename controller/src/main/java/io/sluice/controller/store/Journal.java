package io.sluice.controller.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

/**
 * The store's redo journal: one record per commit, appended and forced to disk before the commit is
 * applied, so an acknowledged commit survives any crash. A record is {@code length, CRC-32C, revision,
 * encoded changes}; replay stops at the first record that is short or fails its checksum (the tail a crash
 * or a failed append left), and every append first cuts the file back to the last intact record, so nothing
 * after a torn record is ever replayed. An append is refused unless the whole record was written and forced;
 * a refused record is cut back at once, or before the next append if the disk refuses even that: either way
 * no replay reads it whole (its force failed, so not all of it reached the disk).
 * The journal also holds the store directory's lock: one process per store.
 */
final class Journal implements AutoCloseable {
    private static final int HEADER = Integer.BYTES + Integer.BYTES;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** End of the last intact record: appends go here, whatever a failed append left beyond it. */
    private long end;

    private Journal(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static Journal open(Path file) {
        return open(file, UnaryOperator.identity());
    }

    /** {@code disk} stands between the journal and its file: tests make the disk fail through it. */
    static Journal open(Path file, UnaryOperator<FileChannel> disk) {
        FileChannel channel = null;
        try {
            channel = disk.apply(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE));
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StoreUnavailableException("store " + file.getParent() + " is in use by another process");
            }
            return new Journal(file, channel, lock);
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StoreUnavailableException("cannot open journal " + file + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Bytes of intact records: how much a recovery would replay. */
    long size() {
        return end;
    }

    /** Calls {@code apply} with each intact record in order and cuts off the torn tail, if any, as it can. */
    void replay(BiConsumer<Long, List<Change>> apply) {
        try {
            long position = 0;
            long length = channel.size();
            while (position + HEADER <= length) {
                ByteBuffer header = read(position, HEADER);
                int size = header.getInt();
                int checksum = header.getInt();
                if (size < Long.BYTES || position + HEADER + size > length) {
                    break;
                }
                ByteBuffer payload = read(position + HEADER, size);
                CRC32C crc = new CRC32C();
                crc.update(payload.duplicate());
                if ((int) crc.getValue() != checksum) {
                    break;
                }
                long revision = payload.getLong();
                byte[] encoded = new byte[payload.remaining()];
                payload.get(encoded);
                apply.accept(revision, ChangeCodec.decodeCommit(revision, encoded));
                position += HEADER + size;
            }
            end = position;
            if (length > end) {
                cutBack(); // needs a writable disk; if it fails now, the next append cuts again before writing
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read journal " + file + ": " + e, e);
        }
    }

    /** Appends and forces one commit; on failure the journal is cut back and nothing counts as written. */
    void append(long revision, List<Change> changes) {
        byte[] encoded = ChangeCodec.encodeCommit(changes);
        ByteBuffer payload = ByteBuffer.allocate(Long.BYTES + encoded.length).putLong(revision).put(encoded).flip();
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        ByteBuffer record = ByteBuffer.allocate(HEADER + payload.remaining())
                .putInt(payload.remaining()).putInt((int) crc.getValue()).put(payload).flip();
        try {
            if (channel.size() != end) {
                channel.truncate(end); // the remains of an append that failed
            }
            long position = end;
            while (record.hasRemaining()) {
                position += channel.write(record, position);
            }
            channel.force(false);
            end = position;
        } catch (IOException e) {
            cutBack();
            throw new StoreUnavailableException("cannot write journal " + file + " (disk full or unwritable?): "
                    + e.getMessage() + "; nothing was committed", e);
        }
    }

    /** Best effort: a failure here is repaired before the next append, and replay ignores a torn tail. */
    private void cutBack() {
        try {
            channel.truncate(end);
        } catch (IOException ignored) {
            // append() truncates again before writing
        }
    }

    /** Empties the journal once a checkpoint holds everything it recorded. */
    void reset() {
        try {
            channel.truncate(0);
            channel.force(true);
            end = 0;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot truncate journal " + file + ": " + e, e);
        }
    }

    private ByteBuffer read(long position, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException(file + " ends at " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }
}
