package io.sluice.bench;

import io.sluice.e2e.PingTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fixed path's continuous iputils ping ({@code -D -i INTERVAL}) from a VM's namespace, its output in a file.
 * What it lost is read with {@link PingTrace}: the requests between the first and the last reply that got none
 * (the request in flight when ping is stopped is not counted).
 */
final class PathPing {
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

    /** Stops ping (SIGINT: ip netns exec has become ping) and reads what it lost. */
    Loss stop() throws Exception {
        Sh.run(log.getParent(), List.of("kill", "-INT", String.valueOf(process.pid())));
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        PingTrace trace = PingTrace.parse(Files.readString(log));
        return new Loss(name, trace.replies(), trace.lost(), trace.longestSilence().toNanos() / 1e6);
    }
}
