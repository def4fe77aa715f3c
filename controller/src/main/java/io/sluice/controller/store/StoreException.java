package io.sluice.controller.store;

/** Base of the store's failures; unchecked so read-modify-write loops stay plain lambdas. */
public abstract class StoreException extends RuntimeException {
    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
