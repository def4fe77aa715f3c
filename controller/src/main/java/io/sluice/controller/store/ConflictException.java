package io.sluice.controller.store;

/** A commit's precondition did not hold; nothing of that commit was written. */
public final class ConflictException extends StoreException {
    private final String kind;
    private final String id;
    private final long expectedModRevision;
    private final long actualModRevision;

    public ConflictException(String kind, String id, long expectedModRevision, long actualModRevision) {
        super("conflict on " + kind + "/" + id + ": expected " + describe(expectedModRevision)
                + ", found " + describe(actualModRevision), null);
        this.kind = kind;
        this.id = id;
        this.expectedModRevision = expectedModRevision;
        this.actualModRevision = actualModRevision;
    }

    private static String describe(long modRevision) {
        return modRevision == 0 ? "absent" : "mod revision " + modRevision;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    /** 0 when the document was expected to be absent. */
    public long expectedModRevision() {
        return expectedModRevision;
    }

    /** 0 when the document does not exist. */
    public long actualModRevision() {
        return actualModRevision;
    }
}
