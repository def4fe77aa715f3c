package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.dataplane.bridge.ScriptedAppctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunnelRouteKeeperTest {
    /** The tunnel IP is loopback's here, so the route found is 127.0.0.0/8 dev lo. */
    private static final String TUNNEL_IP = "127.0.0.1";
    private static final List<String> SHOW = List.of("ovs/route/show");
    private static final List<String> ADD = List.of("ovs/route/add", "127.0.0.0/8", "lo");
    private static final String WITHOUT_ROUTE = "Route Table:\n";
    private static final String WITH_ROUTE = "Route Table:\nUser: 127.0.0.0/8 dev lo SRC 127.0.0.1\n";

    @TempDir
    Path runDir;
    private final AtomicLong clock = new AtomicLong();

    @Test
    void checksAtOnceWhenOvsVswitchdRestartsAndOtherwiseEveryRecheck() throws Exception {
        ScriptedAppctl appctl = new ScriptedAppctl(runDir, Map.of("ovs/route/show", WITHOUT_ROUTE));
        TunnelRouteKeeper keeper = keeper(appctl);
        vswitchdStarted("100");
        keeper.poll();
        assertThat(appctl.commands()).as("the first poll adds the missing route").containsExactly(SHOW, ADD);
        appctl.answer("ovs/route/show", WITH_ROUTE);

        clock.addAndGet(TunnelRouteKeeper.RECHECK.toNanos() - 1);
        keeper.poll();
        assertThat(appctl.commands()).as("nothing due yet, same ovs-vswitchd").hasSize(2);

        vswitchdStarted("200");
        appctl.answer("ovs/route/show", WITHOUT_ROUTE);
        keeper.poll();
        assertThat(appctl.commands()).as("a new pid: the restarted ovs-vswitchd gets the route back at once")
                .containsExactly(SHOW, ADD, SHOW, ADD);
        appctl.answer("ovs/route/show", WITH_ROUTE);

        clock.addAndGet(TunnelRouteKeeper.RECHECK.toNanos());
        keeper.poll();
        keeper.poll();
        assertThat(appctl.commands()).as("checked again once RECHECK passed, and the route is there")
                .containsExactly(SHOW, ADD, SHOW, ADD, SHOW);
        assertThat(keeper.problem()).isEmpty();
    }

    @Test
    void triesAgainAfterAFailureWithoutWaitingForTheRecheck() throws Exception {
        ScriptedAppctl appctl = new ScriptedAppctl(runDir, Map.of());
        TunnelRouteKeeper keeper = keeper(appctl);
        vswitchdStarted("100");
        keeper.poll();
        assertThat(keeper.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("cannot keep the tunnel route in ovs-vswitchd 100").contains("cannot connect"));
        keeper.poll();
        assertThat(appctl.commands()).as("not before RETRY").containsExactly(SHOW);

        appctl.answer("ovs/route/show", WITH_ROUTE);
        clock.addAndGet(TunnelRouteKeeper.RETRY.toNanos());
        keeper.poll();
        assertThat(appctl.commands()).containsExactly(SHOW, SHOW);
        assertThat(keeper.problem()).isEmpty();
    }

    @Test
    void runsNoOvsAppctlWhileNoOvsVswitchdRuns() throws Exception {
        ScriptedAppctl appctl = new ScriptedAppctl(runDir, Map.of("ovs/route/show", WITH_ROUTE));
        TunnelRouteKeeper keeper = keeper(appctl);
        keeper.poll();
        assertThat(appctl.commands()).isEmpty();
        assertThat(keeper.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("no ovs-vswitchd runs").contains("ovs-vswitchd.pid"));

        vswitchdStarted("100");
        keeper.poll();
        assertThat(appctl.commands()).containsExactly(SHOW);
        assertThat(keeper.problem()).isEmpty();
    }

    @Test
    void warnsWhenOvsVswitchdCopiesTheKernelsRoutes() throws Exception {
        ScriptedAppctl appctl = new ScriptedAppctl(runDir, Map.of("ovs/route/show",
                WITH_ROUTE + "Cached: 127.0.0.0/8 dev lo SRC 127.0.0.1 local\n"));
        TunnelRouteKeeper keeper = keeper(appctl);
        vswitchdStarted("100");
        keeper.poll();
        assertThat(appctl.commands()).as("the route is there all the same").containsExactly(SHOW);
        assertThat(keeper.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("copies the kernel's routes").contains("--disable-system-route"));
    }

    private TunnelRouteKeeper keeper(ScriptedAppctl appctl) {
        return new TunnelRouteKeeper(TUNNEL_IP, appctl, runDir, clock::get);
    }

    private void vswitchdStarted(String pid) throws Exception {
        Files.writeString(runDir.resolve("ovs-vswitchd.pid"), pid + "\n");
    }
}
