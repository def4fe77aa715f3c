package io.sluice.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A ping every 10 ms from a VM to an address for as long as a fault lasts, stopped with SIGINT so ping prints
 * its statistics, and read as a {@link PingTrace}. close() stops it too, so a failed test leaves no ping behind.
 */
final class ContinuousPing implements AutoCloseable {
    private final Process ping;
    private final Path log;

    private ContinuousPing(Process ping, Path log) {
        this.ping = ping;
        this.log = log;
    }

    /** Starts pinging {@code address} from VM {@code vm} of the bed, logging to {@code log} (replaced). */
    static ContinuousPing start(TestBed bed, String vm, String address, Path log) throws IOException {
        Files.deleteIfExists(log);
        // -D dates every reply; -O reports each unanswered request as it goes, so a log shows when loss began.
        return new ContinuousPing(bed.spawn(bed.prefix() + "-vm-" + vm, List.of("ping", "-D", "-O", "-i", "0.01",
                address), log), log);
    }

    /** Stops the ping (SIGINT: ping prints its statistics) and reads what it saw. */
    PingTrace stop() throws IOException, InterruptedException {
        if (ping.isAlive()) {
            new ProcessBuilder("kill", "-INT", String.valueOf(ping.pid())).start().waitFor();
            if (!ping.waitFor(10, TimeUnit.SECONDS)) {
                ping.destroyForcibly().waitFor();
            }
        }
        return PingTrace.parse(Files.readString(log));
    }

    /** What the ping saw so far, while it runs; nothing yet if its log cannot be read. */
    PingTrace sofar() {
        try {
            return PingTrace.parse(Files.readString(log));
        } catch (IOException notYet) {
            return PingTrace.parse("");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
