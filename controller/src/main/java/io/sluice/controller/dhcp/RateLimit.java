package io.sluice.controller.dhcp;

/**
 * How many DHCP packets one port may have answered: a token bucket refilled at {@code perSecond} holding at
 * most {@code burst}. A client needs two to four packets per lease, so the default leaves ample room for
 * retries while a VM flooding requests costs the controller only what the bucket lets through.
 */
public record RateLimit(double perSecond, int burst) {
    public static final RateLimit DEFAULT = new RateLimit(10, 20);

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond) || burst < 1) {
            throw new IllegalArgumentException("rate limit needs a finite rate > 0 and a burst >= 1, got "
                    + perSecond + "/s burst " + burst);
        }
    }
}
