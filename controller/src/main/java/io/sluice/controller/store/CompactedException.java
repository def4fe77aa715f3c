package io.sluice.controller.store;

/**
 * A watch asked for changes the bounded change log no longer holds. The caller resyncs: it lists the kinds
 * it follows ({@link Store#listing}) and watches again from the listing's revision.
 */
public final class CompactedException extends StoreException {
    private final long requestedAfter;
    private final long compactedRevision;

    public CompactedException(long requestedAfter, long compactedRevision) {
        super("changes after revision " + requestedAfter + " are compacted: the change log starts after revision "
                + compactedRevision + "; list and watch again", null);
        this.requestedAfter = requestedAfter;
        this.compactedRevision = compactedRevision;
    }

    public long requestedAfter() {
        return requestedAfter;
    }

    /** Every change up to and including this revision has left the log. */
    public long compactedRevision() {
        return compactedRevision;
    }
}
