package io.sluice.dataplane.bridge;

import io.sluice.dataplane.net.Futures;
import io.sluice.dataplane.ovsdb.OvsdbTransactionException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a read-plan-write whose write is guarded by {@code wait} operations on what was read: when a guard
 * finds the rows changed (someone else wrote in between), the attempt starts over with a fresh read, up to
 * three attempts in all. Any other failure fails the future at once.
 */
final class GuardedWrite {
    static final int MAX_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(GuardedWrite.class);

    private GuardedWrite() {
    }

    /** @param what names what is being written, for the log */
    static <T> CompletableFuture<T> retrying(String what, Supplier<CompletableFuture<T>> attempt) {
        return retrying(what, attempt, 1);
    }

    private static <T> CompletableFuture<T> retrying(String what, Supplier<CompletableFuture<T>> attempt, int number) {
        return attempt.get()
                .handle((result, error) -> {
                    Throwable cause = Futures.unwrap(error);
                    if (isPreconditionFailure(cause) && number < MAX_ATTEMPTS) {
                        log.info("{} changed while being ensured; reading it again", what);
                        return retrying(what, attempt, number + 1);
                    }
                    return error == null ? CompletableFuture.completedFuture(result)
                            : CompletableFuture.<T>failedFuture(cause);
                })
                .thenCompose(result -> result);
    }

    /** A leading {@code wait} found the rows changed since they were read. */
    private static boolean isPreconditionFailure(Throwable error) {
        return error instanceof OvsdbTransactionException failure
                && failure.failedOp().map(op -> op.path("op").asText().equals("wait")).orElse(false);
    }
}
