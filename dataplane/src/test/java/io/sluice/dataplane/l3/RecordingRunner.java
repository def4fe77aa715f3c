package io.sluice.dataplane.l3;

import java.util.ArrayList;
import java.util.List;

/** Runs commands for real and remembers them, so a test can say which ran. */
final class RecordingRunner implements CommandRunner {
    private final CommandRunner real = new ProcessRunner();
    private final List<List<String>> commands = new ArrayList<>();

    @Override
    public synchronized Result run(List<String> argv, String stdin) {
        commands.add(argv);
        return real.run(argv, stdin);
    }

    @Override
    public synchronized void start(List<String> argv) {
        commands.add(argv);
        real.start(argv);
    }

    synchronized List<List<String>> drain() {
        List<List<String>> ran = List.copyOf(commands);
        commands.clear();
        return ran;
    }
}
