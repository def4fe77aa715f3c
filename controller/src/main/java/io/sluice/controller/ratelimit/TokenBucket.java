package io.sluice.controller.ratelimit;

import java.util.function.LongSupplier;

/** A token bucket on an injected nanosecond clock, so tests can step time. Full when created. */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double tokensPerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long refilledAt;

    public TokenBucket(RateLimit limit, LongSupplier nanoClock) {
        this.tokensPerNano = limit.perSecond() / NANOS_PER_SECOND;
        this.capacity = limit.burst();
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** Takes a token if one is there. Synchronized: a reconnected switch may call from another thread. */
    public synchronized boolean tryTake() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
