package io.sluice.controller.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel that fails the way a failing disk does, on demand: a write cut short by an error (ENOSPC
 * midway), a force that reports EIO after the bytes were written, a truncate refused (EROFS). Reads always work.
 */
final class FailingDisk extends FileChannel {
    private final FileChannel file;
    /** Bytes the next writes may still store before failing; negative: no limit. */
    private long writableBytes = -1;
    private boolean forceFails;
    private boolean truncateFails;

    FailingDisk(FileChannel file) {
        this.file = file;
    }

    /** From now on writes store {@code bytes} more bytes, then fail. */
    void failWritesAfter(long bytes) {
        writableBytes = bytes;
    }

    void failForce() {
        forceFails = true;
    }

    void failTruncate() {
        truncateFails = true;
    }

    void heal() {
        writableBytes = -1;
        forceFails = false;
        truncateFails = false;
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        if (writableBytes == 0) {
            throw new IOException("No space left on device");
        }
        if (writableBytes > 0 && source.remaining() > writableBytes) {
            ByteBuffer part = source.slice().limit((int) writableBytes);
            int written = file.write(part, position);
            source.position(source.position() + written);
            writableBytes -= written;
            return written; // the caller's next write meets the error
        }
        int written = file.write(source, position);
        writableBytes = writableBytes < 0 ? -1 : writableBytes - written;
        return written;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (forceFails) {
            throw new IOException("Input/output error");
        }
        file.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (truncateFails) {
            throw new IOException("Read-only file system");
        }
        file.truncate(size);
        return this;
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
        return file.read(target, position);
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }

    // The journal uses none of these.

    @Override
    public int read(ByteBuffer target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long read(ByteBuffer[] targets, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int write(ByteBuffer source) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long position() {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileChannel position(long newPosition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException();
    }
}
