package io.sluice.controller.store;

import java.util.concurrent.CompletionStage;

/** A running watch (see {@link Store#watch}). */
public interface Watch extends AutoCloseable {
    /**
     * Stops delivery: once close returns the listener is not called again. A delivery in progress on another
     * thread is waited for, so do not close a watch while holding something its listener may wait on.
     */
    @Override
    void close();

    /**
     * Completes when the watch stops: normally after {@link #close()}; exceptionally with
     * {@link CompactedException} if it fell so far behind that the log dropped changes it had not delivered,
     * or with {@link StoreUnavailableException} when the store closes. Either failure means: resync.
     */
    CompletionStage<Void> stopped();
}
