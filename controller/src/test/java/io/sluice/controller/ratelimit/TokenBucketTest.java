package io.sluice.controller.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(123 * MS);
    private final TokenBucket bucket = new TokenBucket(new RateLimit(10, 20), now::get);

    private long taken(int attempts) {
        return IntStream.range(0, attempts).filter(i -> bucket.tryTake()).count();
    }

    @Test
    void startsFullAndAllowsTheBurst() {
        assertThat(taken(25)).isEqualTo(20);
    }

    @Test
    void refillsAtTheRate() {
        taken(20);
        now.addAndGet(100 * MS);
        assertThat(taken(5)).as("one token per 100 ms").isEqualTo(1);
        now.addAndGet(550 * MS);
        assertThat(taken(10)).isEqualTo(5);
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        now.addAndGet(3_600_000 * MS);
        assertThat(taken(100)).isEqualTo(20);
    }

    @Test
    void rejectsLimitsThatCannotWork() {
        assertThatThrownBy(() -> new RateLimit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
