package io.sluice.dataplane.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapAndStartsOverOnReset() {
        Backoff backoff = Backoff.forReconnect();

        assertThat(Stream.generate(backoff::next).limit(7).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void rejectsAMaxBelowTheMin() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
