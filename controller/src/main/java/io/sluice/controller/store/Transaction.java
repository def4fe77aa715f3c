package io.sluice.controller.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An atomic batch for {@link Store#commit}: puts and deletes, each key at most once, and preconditions that
 * must all hold for anything to be written. A precondition may name a key the batch does not write (a read
 * the caller's decision depends on).
 */
public final class Transaction {
    /** A put ({@code value} non-null) or a delete ({@code value} null) of one document. */
    public record Write(String kind, String id, byte[] value) {
        public Write {
            Keys.check(kind, id);
        }

        public boolean isDelete() {
            return value == null;
        }
    }

    /**
     * The document's mod revision must equal {@code expectedModRevision}; 0 means it must not exist
     * (revisions start at 1, as in etcd, so 0 is never a document's revision).
     */
    public record Precondition(String kind, String id, long expectedModRevision) {
        public Precondition {
            Keys.check(kind, id);
            if (expectedModRevision < 0) {
                throw new IllegalArgumentException("expected mod revision must be >= 0: " + expectedModRevision);
            }
        }
    }

    private final List<Write> writes;
    private final List<Precondition> preconditions;

    private Transaction(List<Write> writes, List<Precondition> preconditions) {
        this.writes = List.copyOf(writes);
        this.preconditions = List.copyOf(preconditions);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Write> writes() {
        return writes;
    }

    public List<Precondition> preconditions() {
        return preconditions;
    }

    @Override
    public String toString() {
        return "Transaction[" + writes.size() + " writes, " + preconditions.size() + " preconditions]";
    }

    public static final class Builder {
        private final List<Write> writes = new ArrayList<>();
        private final List<Precondition> preconditions = new ArrayList<>();
        private final Set<String> written = new HashSet<>();
        private final Set<String> conditioned = new HashSet<>();

        private Builder() {
        }

        public Builder put(String kind, String id, byte[] value) {
            if (value == null) {
                throw new IllegalArgumentException("put of " + kind + "/" + id + " needs a value; use delete");
            }
            return write(new Write(kind, id, value));
        }

        public Builder delete(String kind, String id) {
            return write(new Write(kind, id, null));
        }

        /** The document must exist with exactly this mod revision (optimistic concurrency). */
        public Builder expectRevision(String kind, String id, long modRevision) {
            if (modRevision < 1) {
                throw new IllegalArgumentException("expected mod revision must be >= 1 (use expectAbsent): "
                        + modRevision);
            }
            return condition(new Precondition(kind, id, modRevision));
        }

        /** The document must not exist (create-only). */
        public Builder expectAbsent(String kind, String id) {
            return condition(new Precondition(kind, id, 0));
        }

        public Transaction build() {
            return new Transaction(writes, preconditions);
        }

        // One write and one precondition per key, as etcd requires: two writes of a key in one atomic
        // batch have no meaningful order, and two preconditions on a key are a caller bug.
        private Builder write(Write write) {
            if (!written.add(Keys.of(write.kind(), write.id()))) {
                throw new IllegalArgumentException("key written twice: " + write.kind() + "/" + write.id());
            }
            writes.add(write);
            return this;
        }

        private Builder condition(Precondition precondition) {
            if (!conditioned.add(Keys.of(precondition.kind(), precondition.id()))) {
                throw new IllegalArgumentException("two preconditions on "
                        + precondition.kind() + "/" + precondition.id());
            }
            preconditions.add(precondition);
            return this;
        }
    }
}
