package io.sluice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iputils ping inside a probe VM's namespace, started before the port exists and sending an echo request
 * every {@code interval} seconds whatever happens to the previous ones ({@code -i}; as root the interval may be
 * below 0.2 s). The first reply's {@code -D} timestamp (wall clock, microseconds, taken by ping when it
 * handles the reply) is the moment of reachability.
 */
final class Pinger implements AutoCloseable {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d{1,6})\\] \\d+ bytes from .*");

    /** First reply: ping's own timestamp (epoch microseconds) and when the driver read the line (nanoTime). */
    record Reply(long epochMicros, long readNanos) {
    }

    private final Process process;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Reply> reply = new CompletableFuture<>();

    private Pinger(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "ping-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts pinging and returns once ping has printed its header, i.e. is about to send. */
    static Pinger start(String namespace, String address, String interval) throws Exception {
        Process process = new ProcessBuilder("ip", "netns", "exec", namespace, "stdbuf", "-oL", "ping", "-n", "-D",
                "-i", interval, "-w", "120", address).redirectErrorStream(true).start();
        Pinger pinger = new Pinger(process);
        pinger.started.get(30, TimeUnit.SECONDS);
        return pinger;
    }

    CompletableFuture<Reply> firstReply() {
        return reply;
    }

    private void read() {
        String last = "";
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                long now = System.nanoTime();
                last = line;
                if (line.startsWith("PING ")) {
                    started.complete(null);
                    continue;
                }
                Matcher m = REPLY.matcher(line);
                if (m.matches() && !reply.isDone()) {
                    String micros = (m.group(2) + "000000").substring(0, 6);
                    reply.complete(new Reply(Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(micros), now));
                }
            }
        } catch (IOException ignored) {
            // the process was stopped
        }
        IllegalStateException ended = new IllegalStateException("ping ended without a reply; it said last: " + last);
        started.completeExceptionally(ended);
        reply.completeExceptionally(ended);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
