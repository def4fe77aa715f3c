package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
        ScriptedAppctl missing = new ScriptedAppctl(RUN_DIR,
                Map.of("ovs/route/show", SHOWN.replace("User:", "Cached:")));
        assertThat(new TunnelRoute("100.64.0.0/24", "br-phy").ensure(missing, RUN_DIR))
                .isEqualTo(new TunnelRoute.Outcome(true, true));
        assertThat(missing.commands()).containsExactly(List.of("ovs/route/show"),
                List.of("ovs/route/add", "100.64.0.0/24", "br-phy"));

        ScriptedAppctl present = new ScriptedAppctl(RUN_DIR, Map.of("ovs/route/show", SHOWN));
        assertThat(new TunnelRoute("100.64.0.0/24", "br-phy").ensure(present, RUN_DIR))
                .isEqualTo(new TunnelRoute.Outcome(false, true));
        assertThat(present.commands()).containsExactly(List.of("ovs/route/show"));
    }

    @Test
    void tellsWhetherOvsVswitchdCopiesTheKernelsRoutes() {
        String withoutSystemRoutes = """
                Route Table:
                User: 100.64.0.0/24 dev br-phy SRC 100.64.0.10
                """;
        ScriptedAppctl appctl = new ScriptedAppctl(RUN_DIR, Map.of("ovs/route/show", withoutSystemRoutes));
        assertThat(new TunnelRoute("100.64.0.0/24", "br-phy").ensure(appctl, RUN_DIR))
                .isEqualTo(new TunnelRoute.Outcome(false, false));
        assertThat(TunnelRoute.kernelRoutesIn(SHOWN)).isTrue();
        assertThat(TunnelRoute.kernelRoutesIn("Route Table:\n")).as("an empty table").isFalse();
    }

    @Test
    void saysWhyWhenOvsAppctlFails() {
        ScriptedAppctl noVswitchd = new ScriptedAppctl(RUN_DIR, Map.of());
        assertThatThrownBy(() -> new TunnelRoute("100.64.0.0/24", "br-phy").ensure(noVswitchd, RUN_DIR))
                .hasMessageContaining("ovs/route/show failed (exit 1)").hasMessageContaining("cannot connect");
    }

    @Test
    void refusesWhatIsNoNetworkOrDevice() {
        assertThatThrownBy(() -> new TunnelRoute("100.64.0.10", "br-phy")).hasMessageContaining("network");
        assertThatThrownBy(() -> new TunnelRoute("100.64.0.0/24", "br phy; rm")).hasMessageContaining("device");
    }
}
