package io.sluice.controller.store;

import java.util.Arrays;
import java.util.Optional;

/**
 * One document written or deleted by the commit that made {@code revision}; all changes of a commit carry
 * the same revision. {@code value} is null for a deletion (see {@link #newValue()}).
 */
public record Change(long revision, String kind, String id, byte[] value) {
    public Change {
        Keys.check(kind, id);
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1: " + revision);
        }
    }

    public static Change put(long revision, String kind, String id, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("a put needs a value");
        }
        return new Change(revision, kind, id, value);
    }

    public static Change delete(long revision, String kind, String id) {
        return new Change(revision, kind, id, null);
    }

    public boolean isDeletion() {
        return value == null;
    }

    /** The document's new value, empty for a deletion. */
    public Optional<byte[]> newValue() {
        return Optional.ofNullable(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Change c && revision == c.revision && kind.equals(c.kind) && id.equals(c.id)
                && Arrays.equals(value, c.value);
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(revision) * 31 + kind.hashCode()) * 31 + id.hashCode()) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Change[" + revision + " " + kind + "/" + id
                + (value == null ? " deleted" : " " + value.length + " bytes") + "]";
    }
}
