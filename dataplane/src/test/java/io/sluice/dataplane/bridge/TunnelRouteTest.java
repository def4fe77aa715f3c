package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.dataplane.l3.CommandRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TunnelRouteTest {
    /** ovs/route/show as ovs-vswitchd 3.1 prints it, with the kernel's routes copied and one user route. */
    private static final String SHOWN = """
            Route Table:
            Cached: 100.64.0.10/32 dev br-phy SRC 100.64.0.10 local
            Cached: 127.0.0.1/32 dev lo SRC 127.0.0.1 local
            User: 100.64.0.0/24 dev br-phy SRC 100.64.0.10
            Cached: 100.64.0.0/24 dev br-phy SRC 100.64.0.10
            """;
    private static final Path RUN_DIR = Path.of("/run/openvswitch");

    @Test
    void coversTheNetworkOfTheTunnelIp() {
        assertThat(TunnelRoute.of("100.64.0.10", 24, "br-phy")).isEqualTo(new TunnelRoute("100.64.0.0/24", "br-phy"));
        assertThat(TunnelRoute.of("2001:db8::a", 64, "br-phy").network()).isEqualTo("2001:db8::/64");
    }

    @Test
    void isShownOnlyAsAUserRouteOfItsOwnDevice() {
        assertThat(new TunnelRoute("100.64.0.0/24", "br-phy").shownIn(SHOWN)).isTrue();
        assertThat(new TunnelRoute("100.64.0.0/24", "br-ph").shownIn(SHOWN)).as("a prefix of the device").isFalse();
        assertThat(new TunnelRoute("100.64.0.0/16", "br-phy").shownIn(SHOWN)).isFalse();
        assertThat(new TunnelRoute("100.64.0.10/32", "br-phy").shownIn(SHOWN)).as("only cached").isFalse();
    }

    @Test
    void isAddedWhenMissingAndLeftAloneWhenThere() {
        ScriptedAppctl missing = new ScriptedAppctl(Map.of("ovs/route/show", SHOWN.replace("User:", "Cached:")));
        assertThat(new TunnelRoute("100.64.0.0/24", "br-phy").ensure(missing, RUN_DIR)).isTrue();
        assertThat(missing.commands).containsExactly(List.of("ovs/route/show"),
                List.of("ovs/route/add", "100.64.0.0/24", "br-phy"));

        ScriptedAppctl present = new ScriptedAppctl(Map.of("ovs/route/show", SHOWN));
        assertThat(new TunnelRoute("100.64.0.0/24", "br-phy").ensure(present, RUN_DIR)).isFalse();
        assertThat(present.commands).containsExactly(List.of("ovs/route/show"));
    }

    @Test
    void saysWhyWhenOvsAppctlFails() {
        ScriptedAppctl noVswitchd = new ScriptedAppctl(Map.of());
        assertThatThrownBy(() -> new TunnelRoute("100.64.0.0/24", "br-phy").ensure(noVswitchd, RUN_DIR))
                .hasMessageContaining("ovs/route/show failed (exit 1)").hasMessageContaining("cannot connect");
    }

    @Test
    void refusesWhatIsNoNetworkOrDevice() {
        assertThatThrownBy(() -> new TunnelRoute("100.64.0.10", "br-phy")).hasMessageContaining("network");
        assertThatThrownBy(() -> new TunnelRoute("100.64.0.0/24", "br phy; rm")).hasMessageContaining("device");
    }

    /** ovs-appctl answering each command from a table, run against {@link #RUN_DIR}'s ovs-vswitchd. */
    private static final class ScriptedAppctl implements CommandRunner {
        private static final List<String> PREFIX = List.of("env", "OVS_RUNDIR=" + RUN_DIR, "ovs-appctl",
                "--timeout=5", "-t", "ovs-vswitchd");
        private final Map<String, String> answers;
        private final List<List<String>> commands = new ArrayList<>();

        ScriptedAppctl(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public Result run(List<String> argv, String stdin) {
            assertThat(argv.subList(0, PREFIX.size())).isEqualTo(PREFIX);
            List<String> command = argv.subList(PREFIX.size(), argv.size());
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
}
