package io.sluice.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replies in the output of {@code ping -D} (each line stamped with the time it was printed, i.e. when the
 * reply came), for measuring an outage: the longest silence between two replies, the requests between the
 * first and the last reply that were never answered, and whether the last requests were answered (traffic
 * came back for good). Sequence numbers are unwrapped (icmp_seq is 16 bits: an hour at 20 requests a second wraps).
 */
public final class PingTrace {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+\\.\\d+)] \\d+ bytes from .*icmp_seq=(\\d+) ");
    private static final int WRAP = 65_536;
    private static final Pattern TRANSMITTED = Pattern.compile("^(\\d+) packets transmitted");

    /** One reply: its request's sequence number and when it came, in microseconds since the epoch. */
    record Reply(int seq, long atMicros) {
    }

    private final List<Reply> replies;
    private final int transmitted;

    private PingTrace(List<Reply> replies, int transmitted) {
        this.replies = replies;
        this.transmitted = transmitted;
    }

    public static PingTrace parse(String output) {
        TreeMap<Integer, Reply> bySeq = new TreeMap<>();
        int transmitted = 0;
        int wraps = 0;
        int lastSeq = -1;
        for (String line : output.split("\n")) {
            Matcher sent = TRANSMITTED.matcher(line);
            if (sent.find()) {
                transmitted = Integer.parseInt(sent.group(1));
            }
            Matcher m = REPLY.matcher(line);
            if (m.find()) {
                int wire = Integer.parseInt(m.group(2));
                // Replies come roughly in order: one far below the last has wrapped past 65535.
                if (wire + WRAP / 2 < lastSeq) {
                    wraps++;
                }
                lastSeq = wire;
                int seq = wire + wraps * WRAP;
                // A duplicate (DUP!) answers a request already answered.
                bySeq.putIfAbsent(seq, new Reply(seq, Math.round(Double.parseDouble(m.group(1)) * 1e6)));
            }
        }
        List<Reply> inOrder = new ArrayList<>(bySeq.values());
        inOrder.sort((a, b) -> Long.compare(a.atMicros(), b.atMicros()));
        return new PingTrace(inOrder, transmitted);
    }

    public int replies() {
        return replies.size();
    }

    /** Requests sent, from ping's closing statistics; 0 if ping did not finish. */
    int transmitted() {
        return transmitted;
    }

    /** How many replies came after {@code instant}. */
    long answeredAfter(Instant instant) {
        long micros = instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
        return replies.stream().filter(reply -> reply.atMicros() > micros).count();
    }

    /** How many of the last {@code n} requests sent were answered. */
    long answeredOfLast(int n) {
        return replies.stream().filter(reply -> reply.seq() > transmitted - n).count();
    }

    /** The longest time between two consecutive replies; zero with fewer than two replies. */
    public Duration longestSilence() {
        return Duration.ofNanos(1000 * (replies.size() < 2 ? 0 : replies.get(longestSilenceEnd()).atMicros()
                - replies.get(longestSilenceEnd() - 1).atMicros()));
    }

    /**
     * The sequence numbers of the two replies around the longest silence; consecutive ones mean no request was
     * waiting for an answer through it (the pinger itself was held up, not the network).
     */
    List<Integer> longestSilenceBounds() {
        int end = longestSilenceEnd();
        return replies.size() < 2 ? List.of() : List.of(replies.get(end - 1).seq(), replies.get(end).seq());
    }

    /** Requests between the first and the last answered one that got no answer. */
    public int lost() {
        if (replies.isEmpty()) {
            return 0;
        }
        int first = replies.stream().mapToInt(Reply::seq).min().orElseThrow();
        int last = replies.stream().mapToInt(Reply::seq).max().orElseThrow();
        return last - first + 1 - replies.size();
    }

    /** Index of the first reply after the longest silence (0 if there is none). */
    private int longestSilenceEnd() {
        int end = 0;
        long longest = -1;
        for (int i = 1; i < replies.size(); i++) {
            long silence = replies.get(i).atMicros() - replies.get(i - 1).atMicros();
            if (silence > longest) {
                longest = silence;
                end = i;
            }
        }
        return end;
    }
}
