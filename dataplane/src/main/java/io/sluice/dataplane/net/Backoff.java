package io.sluice.dataplane.net;

import java.time.Duration;

/** Capped exponential back-off: min, 2 min, 4 min, ... up to max, until reset. Thread-safe. */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private Duration next;

    /**
     * The agent's reconnect back-off, to OVSDB and to the controller alike: fast enough to be back within
     * 2 s of the peer's return, slow enough not to spin while it is down.
     */
    public static Backoff forReconnect() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The delay to wait now; the following call returns twice as much, capped at max. */
    public synchronized Duration next() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }

    public synchronized void reset() {
        next = min;
    }

    public Duration max() {
        return max;
    }
}
