package io.sluice.dataplane.l3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CommandRunner} over real processes. */
public final class ProcessRunner implements CommandRunner {
    private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

    @Override
    public Result run(List<String> argv, String stdin) {
        try {
            Process process = new ProcessBuilder(argv).start();
            // stderr read alongside stdout, so neither pipe can fill up and stall the command.
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            IOException unwritten = null;
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The command exited before taking its input: its exit code and stderr say why, not "Stream closed".
                unwritten = e;
            }
            String stdout = readAll(process.getInputStream());
            int exitCode = process.waitFor();
            if (unwritten != null) {
                return new Result(exitCode == 0 ? -1 : exitCode, stdout,
                        stderr.join() + "(its input could not be written: " + unwritten.getMessage() + ")");
            }
            return new Result(exitCode, stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", argv), e);
        }
    }

    /** Starting a process takes milliseconds too: done on this thread, off the caller's path. */
    private final Executor starter = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "sluice-l3-start");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public void start(List<String> argv) {
        starter.execute(() -> startNow(argv));
    }

    private void startNow(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.onExit().thenAccept(done -> {
                if (done.exitValue() != 0) {
                    log.warn("{} exited with {}", String.join(" ", argv), done.exitValue());
                }
            });
        } catch (IOException e) {
            log.warn("cannot start {}: {}", String.join(" ", argv), e.toString());
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
