package io.sluice.controller.store;

/** A {@link Store} in memory, for tests of the components that use a store; same contract as the real one. */
public final class InMemoryStore extends LocalStore {
    public static final int DEFAULT_MAX_LOG_CHANGES = 100_000;

    public InMemoryStore() {
        this(DEFAULT_MAX_LOG_CHANGES);
    }

    public InMemoryStore(int maxLogChanges) {
        super("memory");
        install(StoreTables.onHeap(maxLogChanges));
    }

    /** Maps in memory fail only through a bug, after which their state is unknown: stay unavailable. */
    @Override
    protected StoreTables recover(RuntimeException failure) {
        throw new StoreUnavailableException("in-memory store failed while applying a commit", failure);
    }
}
