package io.sluice.dataplane.l3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void aCommandGetsItsInputAndItsOutputIsReturned() {
        CommandRunner.Result result = runner.run(List.of("cat"), "one\ntwo\n");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("one\ntwo\n");
    }

    @Test
    void aCommandThatExitsBeforeTakingItsInputIsReportedWithItsOwnError() throws Exception {
        // Large enough to outlast the pipe's buffer, so the write fails once the command has gone.
        String input = "x".repeat(1 << 20);

        CommandRunner.Result result = runner.run(List.of("sh", "-c", "echo refused >&2; exit 0"), input);

        assertThat(result.exitCode()).as("a command that did not take its input failed").isNotZero();
        assertThat(result.stderr()).startsWith("refused\n").contains("its input could not be written");
    }
}
