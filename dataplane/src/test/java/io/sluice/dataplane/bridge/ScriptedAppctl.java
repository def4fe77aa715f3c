package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.l3.CommandRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ovs-appctl to the ovs-vswitchd of one run directory, answering each command from a table ({@code ovs/route/add}
 * always succeeds); a command missing from the table fails as ovs-appctl does when no ovs-vswitchd listens.
 */
public final class ScriptedAppctl implements CommandRunner {
    private final List<String> prefix;
    private final Map<String, String> answers;
    private final List<List<String>> commands = new ArrayList<>();

    public ScriptedAppctl(Path runDir, Map<String, String> answers) {
        this.prefix = List.of("env", "OVS_RUNDIR=" + runDir, "ovs-appctl", "--timeout=5", "-t", "ovs-vswitchd");
        this.answers = new ConcurrentHashMap<>(answers);
    }

    /** Answers {@code command} with {@code output} from now on, or fails it when {@code output} is null. */
    public void answer(String command, String output) {
        if (output == null) {
            answers.remove(command);
        } else {
            answers.put(command, output);
        }
    }

    /** The commands run so far, without the ovs-appctl prefix. */
    public List<List<String>> commands() {
        return List.copyOf(commands);
    }

    @Override
    public Result run(List<String> argv, String stdin) {
        assertThat(argv.subList(0, prefix.size())).isEqualTo(prefix);
        List<String> command = argv.subList(prefix.size(), argv.size());
        commands.add(List.copyOf(command));
        if (command.get(0).equals("ovs/route/add")) {
            return new Result(0, "OK\n", "");
        }
        String answer = answers.get(command.get(0));
        return answer == null
                ? new Result(1, "", "ovs-appctl: cannot connect to \"ovs-vswitchd\" (No such file or directory)\n")
                : new Result(0, answer, "");
    }

    @Override
    public void start(List<String> argv) {
        throw new UnsupportedOperationException("ovs-appctl is never started in the background");
    }
}
