package io.sluice.controller.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary forms the stores keep: a document (mod revision, then the value) and one commit's changes (the
 * change log's entries and the journal's records). The revision of a commit is kept beside its encoding,
 * not in it.
 */
final class ChangeCodec {
    private ChangeCodec() {
    }

    static byte[] encodeDocument(Versioned document) {
        return ByteBuffer.allocate(Long.BYTES + document.value().length)
                .putLong(document.modRevision()).put(document.value()).array();
    }

    static Versioned decodeDocument(byte[] encoded) {
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        long modRevision = buffer.getLong();
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return new Versioned(value, modRevision);
    }

    /** Changes of one commit, in order; the count comes first so compaction can read it alone. */
    static byte[] encodeCommit(List<Change> changes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(changes.size());
            for (Change change : changes) {
                out.writeUTF(change.kind());
                out.writeUTF(change.id());
                out.writeBoolean(change.isDeletion());
                if (!change.isDeletion()) {
                    out.writeInt(change.value().length);
                    out.write(change.value());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static int changeCount(byte[] encodedCommit) {
        return ByteBuffer.wrap(encodedCommit).getInt();
    }

    static List<Change> decodeCommit(long revision, byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int count = in.readInt();
            List<Change> changes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String kind = in.readUTF();
                String id = in.readUTF();
                if (in.readBoolean()) {
                    changes.add(Change.delete(revision, kind, id));
                } else {
                    byte[] value = new byte[in.readInt()];
                    in.readFully(value);
                    changes.add(Change.put(revision, kind, id, value));
                }
            }
            return changes;
        } catch (IOException e) {
            throw new IllegalStateException("undecodable change log entry at revision " + revision, e);
        }
    }
}
