package io.sluice.dataplane.net;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection up, forever until closed: connects, runs a session on the connection until the
 * session's future completes (the connection ended), then connects again after a capped exponential
 * back-off. The back-off starts over only after a connection that stayed up for at least the maximum
 * back-off, so a peer that accepts and then drops at once is not hammered (the rule OVS's reconnect uses).
 *
 * @param <C> the connection type, e.g. a Netty channel or an OVSDB client
 */
public final class Reconnector<C> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reconnector.class);

    private final String name;
    private final ScheduledExecutorService timer;
    private final Backoff backoff;
    private final Supplier<CompletableFuture<C>> connect;
    private final Function<C, CompletableFuture<?>> session;
    private final Consumer<C> disconnect;

    private boolean closed;
    private boolean failing;
    private C current;
    private ScheduledFuture<?> retry;

    /**
     * @param name       what is being connected to, for logs
     * @param connect    opens one connection
     * @param session    runs on each new connection; its future completes when the connection has ended
     * @param disconnect closes a connection, used by {@link #close()}
     */
    public Reconnector(String name, ScheduledExecutorService timer, Backoff backoff,
                       Supplier<CompletableFuture<C>> connect, Function<C, CompletableFuture<?>> session,
                       Consumer<C> disconnect) {
        this.name = Objects.requireNonNull(name);
        this.timer = Objects.requireNonNull(timer);
        this.backoff = Objects.requireNonNull(backoff);
        this.connect = Objects.requireNonNull(connect);
        this.session = Objects.requireNonNull(session);
        this.disconnect = Objects.requireNonNull(disconnect);
    }

    public void start() {
        attempt();
    }

    private void attempt() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        connect.get().whenComplete((connection, error) -> {
            if (error != null) {
                connectFailed(error);
            } else if (adopt(connection)) {
                run(connection);
            } else {
                disconnect.accept(connection);
            }
        });
    }

    private void connectFailed(Throwable error) {
        boolean first;
        synchronized (this) {
            first = !failing;
            failing = true;
        }
        // One warning per outage; every further attempt at debug so a long outage does not flood the log.
        if (first) {
            log.warn("{}: cannot connect ({}); retrying with back-off up to {} ms", name,
                    Futures.unwrap(error).toString(), backoff.max().toMillis());
        } else {
            log.debug("{}: still cannot connect: {}", name, Futures.unwrap(error).toString());
        }
        scheduleRetry();
    }

    private void run(C connection) {
        log.info("{}: connected", name);
        long upSince = System.nanoTime();
        CompletableFuture<?> ended;
        try {
            ended = session.apply(connection);
        } catch (RuntimeException e) {
            ended = CompletableFuture.failedFuture(e);
        }
        ended.whenComplete((ignored, error) -> {
            if (error != null) {
                log.warn("{}: session failed: {}", name, Futures.unwrap(error).toString());
                disconnect.accept(connection);
            } else {
                log.info("{}: disconnected", name);
            }
            synchronized (this) {
                current = null;
            }
            if (Duration.ofNanos(System.nanoTime() - upSince).compareTo(backoff.max()) >= 0) {
                backoff.reset();
            }
            scheduleRetry();
        });
    }

    private synchronized boolean adopt(C connection) {
        if (closed) {
            return false;
        }
        current = connection;
        failing = false;
        return true;
    }

    private synchronized void scheduleRetry() {
        if (!closed) {
            retry = timer.schedule(this::attempt, backoff.next().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops reconnecting and closes the current connection, if any. */
    @Override
    public void close() {
        C connection;
        synchronized (this) {
            closed = true;
            if (retry != null) {
                retry.cancel(false);
            }
            connection = current;
            current = null;
        }
        if (connection != null) {
            disconnect.accept(connection);
        }
    }
}
