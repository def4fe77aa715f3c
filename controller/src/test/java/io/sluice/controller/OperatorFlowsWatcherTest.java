package io.sluice.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.OperatorFlows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorFlowsWatcherTest {
    private static final String ONE_FLOW = """
            {"flows": [{"switch": "hv1", "table": "CLASSIFY", "match": {"in_port": "1"}, "actions": ["output:2"]}]}""";

    @TempDir
    Path dir;

    private final List<OperatorFlows> loaded = new ArrayList<>();

    /** Writes the file with a distinct modification time, as the watcher detects changes by it. */
    private void write(Path file, String text, int second) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000_000_000L + second * 1000L));
    }

    @Test
    void loadsOnChangeOnly() throws IOException {
        Path file = dir.resolve("flows.json");
        write(file, ONE_FLOW, 1);
        OperatorFlowsWatcher watcher = new OperatorFlowsWatcher(file, loaded::add);

        watcher.run();
        watcher.run();

        assertThat(loaded).hasSize(1);
        assertThat(loaded.get(0).flows()).hasSize(1);
    }

    @Test
    void rejectedFileKeepsTheFlowsInForceAndTheWatcherAlive() throws IOException {
        Path file = dir.resolve("flows.json");
        write(file, ONE_FLOW, 1);
        OperatorFlowsWatcher watcher = new OperatorFlowsWatcher(file, loaded::add);
        watcher.run();

        // Wrong shapes must be rejected, never thrown past the watcher (a scheduled task that throws is
        // never run again) nor read as "no flows".
        List<String> bad = List.of("{\"flows\": {\"switch\": \"hv1\"}}", "{\"flows\": \"none\"}", "{\"flows\": [",
                "{\"flows\": [{\"switch\": \"hv1\", \"table\": \"CLASSIFY\", \"match\": \"in_port=1\"}]}");
        for (int i = 0; i < bad.size(); i++) {
            write(file, bad.get(i), 2 + i);
            watcher.run();
        }
        assertThat(loaded).hasSize(1);

        write(file, "{}", 99);
        watcher.run();
        assertThat(loaded).hasSize(2);
        assertThat(loaded.get(1)).isEqualTo(OperatorFlows.NONE);
    }

    @Test
    void missingFileLoadsNothing() {
        new OperatorFlowsWatcher(dir.resolve("absent.json"), loaded::add).run();
        assertThat(loaded).isEmpty();
    }
}
