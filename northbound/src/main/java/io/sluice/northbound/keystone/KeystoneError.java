package io.sluice.northbound.keystone;

/** A client error answered in Keystone's shape, {@code {"error": {"code", "title", "message"}}}. */
final class KeystoneError extends RuntimeException {
    /** Keystone's message for every failed authentication, so the answer does not tell which part was wrong. */
    static final String AUTHENTICATION_REQUIRED = "The request you have made requires authentication.";

    private final int status;

    private KeystoneError(int status, String message) {
        // A client error is an answer, not a fault: no stack trace to fill.
        super(message, null, false, false);
        this.status = status;
    }

    static KeystoneError badRequest(String message) {
        return new KeystoneError(400, message);
    }

    static KeystoneError unauthorized(String message) {
        return new KeystoneError(401, message);
    }

    static KeystoneError notFound(String message) {
        return new KeystoneError(404, message);
    }

    int status() {
        return status;
    }
}
