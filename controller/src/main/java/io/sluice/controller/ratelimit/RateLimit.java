package io.sluice.controller.ratelimit;

/** A token bucket's size: refilled at {@code perSecond}, holding at most {@code burst}. */
public record RateLimit(double perSecond, int burst) {
    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond) || burst < 1) {
            throw new IllegalArgumentException("rate limit needs a finite rate > 0 and a burst >= 1, got "
                    + perSecond + "/s burst " + burst);
        }
    }
}
