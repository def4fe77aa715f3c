package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed path's continuous iputils ping ({@code -D -i INTERVAL}) from a VM's namespace, its output in a file.
 * When stopped, the lost echo requests are the sequence numbers up to the last one answered that got no reply:
 * the request still in flight at the stop is not counted, and neither is anything before the first reply.
 */
final class PathPing {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d+)\\] \\d+ bytes from .*icmp_seq=(\\d+) .*");

    /** What a path lost: requests unanswered, and the longest time between two replies. */
    record Loss(String name, long answered, long lost, double longestGapMs) {
    }

    private final String name;
    private final Path log;
    private final Process process;

    private PathPing(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    static PathPing start(String name, String namespace, String target, String interval, Path dir)
            throws IOException {
        Path log = dir.resolve("ping-" + name + ".log");
        Process process = new ProcessBuilder("ip", "netns", "exec", namespace, "ping", "-n", "-D", "-i", interval,
                target).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new PathPing(name, log, process);
    }

    String name() {
        return name;
    }

    /** Stops ping (SIGINT, as ip netns exec runs it in its own place) and reads what it lost. */
    Loss stop() throws Exception {
        Sh.run(log.getParent(), List.of("kill", "-INT", String.valueOf(process.pid())));
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return lossOf(name, Files.readAllLines(log));
    }

    /** icmp_seq is 16 bits: a sequence number far below the last one has wrapped. */
    static Loss lossOf(String name, List<String> lines) {
        Set<Long> answered = new HashSet<>();
        long wraps = 0;
        long lastSeq = -1;
        long first = Long.MAX_VALUE;
        long last = -1;
        double lastAt = Double.NaN;
        double longestGap = 0;
        for (String line : lines) {
            Matcher m = REPLY.matcher(line);
            if (!m.matches() || line.contains("DUP!")) {
                continue;
            }
            long seq = Long.parseLong(m.group(3));
            if (lastSeq >= 0 && seq + 30_000 < lastSeq) {
                wraps++;
            }
            lastSeq = seq;
            long unwrapped = seq + wraps * 65_536;
            answered.add(unwrapped);
            first = Math.min(first, unwrapped);
            last = Math.max(last, unwrapped);
            double at = Double.parseDouble(m.group(1) + "." + m.group(2));
            if (!Double.isNaN(lastAt)) {
                longestGap = Math.max(longestGap, (at - lastAt) * 1000);
            }
            lastAt = at;
        }
        long lost = last < 0 ? 0 : (last - first + 1) - answered.size();
        return new Loss(name, answered.size(), lost, longestGap);
    }
}
