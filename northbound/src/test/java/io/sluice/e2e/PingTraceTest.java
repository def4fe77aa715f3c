package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PingTraceTest {
    private static final String OUTPUT = """
            PING 10.7.0.3 (10.7.0.3) 56(84) bytes of data.
            [1700000000.000100] 64 bytes from 10.7.0.3: icmp_seq=1 ttl=63 time=0.310 ms
            [1700000000.010100] 64 bytes from 10.7.0.3: icmp_seq=2 ttl=63 time=0.290 ms
            [1700000000.020200] no answer yet for icmp_seq=3
            [1700000000.030200] no answer yet for icmp_seq=4
            [1700000000.045600] 64 bytes from 10.7.0.3: icmp_seq=5 ttl=63 time=0.400 ms
            [1700000000.045700] 64 bytes from 10.7.0.3: icmp_seq=5 ttl=63 time=0.500 ms (DUP!)
            [1700000000.050100] 64 bytes from 10.7.0.3: icmp_seq=6 ttl=63 time=0.300 ms
            [1700000000.060100] no answer yet for icmp_seq=7

            --- 10.7.0.3 ping statistics ---
            7 packets transmitted, 4 received, +1 duplicates, 42.8571% packet loss, time 60ms
            """;

    @Test
    void theLongestSilenceIsBetweenTheLastReplyBeforeAnOutageAndTheFirstAfter() {
        PingTrace trace = PingTrace.parse(OUTPUT);
        assertThat(trace.replies()).isEqualTo(4);
        assertThat(trace.longestSilence()).isEqualTo(Duration.ofNanos(35_500_000));
    }

    @Test
    void theLongestSilenceIsBoundedByTheRepliesBeforeAndAfterIt() {
        assertThat(PingTrace.parse(OUTPUT).longestSilenceBounds()).as("3 and 4 unanswered between").containsExactly(2,
                5);
        assertThat(PingTrace.parse("[1700000000.000100] 64 bytes from 10.7.0.3: icmp_seq=1 ttl=63 time=0.310 ms\n")
                .longestSilenceBounds()).isEmpty();
    }

    @Test
    void theLastRequestsAnsweredAreCountedFromPingsStatistics() {
        PingTrace trace = PingTrace.parse(OUTPUT);
        assertThat(trace.transmitted()).isEqualTo(7);
        assertThat(trace.answeredOfLast(3)).as("5 and 6 of 5..7").isEqualTo(2);
        assertThat(trace.answeredOfLast(7)).isEqualTo(4);
    }

    @Test
    void repliesAfterAnInstantAreThoseStampedLater() {
        PingTrace trace = PingTrace.parse(OUTPUT);
        assertThat(trace.answeredAfter(Instant.ofEpochSecond(1_700_000_000, 20_000_000))).as("5 and 6").isEqualTo(2);
        assertThat(trace.answeredAfter(Instant.ofEpochSecond(1_700_000_001))).isZero();
    }

    @Test
    void lostCountsUnansweredRequestsBetweenTheFirstAndTheLastReplyOnly() {
        assertThat(PingTrace.parse(OUTPUT).lost()).as("3 and 4; 7 may still be on its way").isEqualTo(2);
    }

    @Test
    void noRepliesIsNoSilenceAndNothingAfterIt() {
        PingTrace trace = PingTrace.parse("[1700000000.000100] no answer yet for icmp_seq=1\n");
        assertThat(trace.replies()).isZero();
        assertThat(trace.longestSilence()).isZero();
        assertThat(trace.transmitted()).isZero();
        assertThat(trace.lost()).isZero();
    }

    @Test
    void sequenceNumbersPast65535AreUnwrapped() {
        PingTrace trace = PingTrace.parse("""
                [1700000000.000100] 64 bytes from 10.7.0.3: icmp_seq=65534 ttl=63 time=0.3 ms
                [1700000000.050100] 64 bytes from 10.7.0.3: icmp_seq=65535 ttl=63 time=0.3 ms
                [1700000000.150100] 64 bytes from 10.7.0.3: icmp_seq=1 ttl=63 time=0.3 ms
                [1700000000.200100] 64 bytes from 10.7.0.3: icmp_seq=2 ttl=63 time=0.3 ms
                """);
        assertThat(trace.lost()).as("only 0 (65536) went unanswered across the wrap").isEqualTo(1);
        assertThat(trace.longestSilence()).isEqualTo(Duration.ofMillis(100));
    }
}
