package io.sluice.controller.store;

/**
 * The store cannot serve the call now (disk full or unwritable, store closed or recovering); the northbound
 * answers 503. For a commit it means nothing was written, unless the message says otherwise.
 */
public final class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message, null);
    }
}
