package io.sluice.controller.tenant;

import io.sluice.controller.store.Change;
import io.sluice.controller.store.Listing;
import io.sluice.controller.store.Store;
import io.sluice.controller.store.StoreUnavailableException;
import io.sluice.controller.store.Transaction;
import io.sluice.controller.store.Versioned;
import io.sluice.controller.store.Watch;
import java.util.Optional;
import java.util.function.Consumer;

/** A store whose commits fail while {@link #failing} is set, as a full disk would make them: nothing written. */
public final class FailingStore implements Store {
    private final Store delegate;
    public volatile boolean failing;

    public FailingStore(Store delegate) {
        this.delegate = delegate;
    }

    @Override
    public long revision() {
        return delegate.revision();
    }

    @Override
    public Optional<Versioned> get(String kind, String id) {
        return delegate.get(kind, id);
    }

    @Override
    public Listing listing(String kind) {
        return delegate.listing(kind);
    }

    @Override
    public long commit(Transaction transaction) {
        if (failing) {
            throw new StoreUnavailableException("disk full (test)");
        }
        return delegate.commit(transaction);
    }

    @Override
    public Watch watch(long afterRevision, Consumer<Change> listener) {
        return delegate.watch(afterRevision, listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
