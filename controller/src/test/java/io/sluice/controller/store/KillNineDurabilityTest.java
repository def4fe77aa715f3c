package io.sluice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at arbitrary points, several times over the same store, and checks
 * that every acknowledged commit is there and no commit is there in part.
 */
class KillNineDurabilityTest {
    private static final int ROUNDS = 4;

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyAcknowledgedCommitSurvivesKillNineAndNoneIsHalfApplied() throws Exception {
        Random random = new Random();
        long acknowledged = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            acknowledged = writeUntilKilled(acknowledged + 100 + random.nextInt(400));
            assertConsistent(acknowledged);
        }
    }

    /** Runs the writer until it has acknowledged {@code target} commits, then kills it; returns the last ack. */
    private long writeUntilKilled(long target) throws IOException, InterruptedException {
        Path errors = directory.resolve("writer.err");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, PairWriter.class.getName(), directory.resolve("store").toString())
                .redirectError(errors.toFile())
                .start();
        long last;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            last = readAcks(out, 0, target);
            // SIGKILL: no shutdown hook, no close. Through the handle, because Process.destroyForcibly()
            // also closes our end of the pipe, and the acks still in it are needed.
            writer.toHandle().destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
            // Acks printed before the kill are still in the pipe; the writer prints each as its commit returns.
            last = readAcks(out, last, Long.MAX_VALUE);
        } finally {
            writer.destroyForcibly();
        }
        assertThat(last).as("writer acknowledged up to %d of %d; its stderr: %s", last, target,
                Files.exists(errors) ? Files.readString(errors) : "").isGreaterThanOrEqualTo(target);
        return last;
    }

    /** Reads acknowledgements until {@code target} or the end of the output; returns the last one seen. */
    private static long readAcks(BufferedReader out, long last, long target) throws IOException {
        String line;
        while (last < target && (line = out.readLine()) != null) {
            if (line.startsWith("ack ")) {
                last = Long.parseLong(line.substring(4));
            }
        }
        return last;
    }

    private void assertConsistent(long acknowledged) {
        try (MapDbStore store = PairWriter.open(directory.resolve("store"))) {
            long revision = store.revision();
            // Nothing acknowledged may be lost; the one commit in flight at the kill may or may not be there.
            assertThat(revision).isBetween(acknowledged, acknowledged + 1);
            List<Entry> expected = new ArrayList<>();
            for (long i = Math.max(1, revision - PairWriter.KEEP + 1); i <= revision; i++) {
                expected.add(new Entry(i + "-a", new Versioned(PairWriter.value(i), i)));
                expected.add(new Entry(i + "-b", new Versioned(PairWriter.value(i), i)));
            }
            expected.sort((x, y) -> x.id().compareTo(y.id()));
            assertThat(store.list("pair")).isEqualTo(expected);
        }
    }
}
