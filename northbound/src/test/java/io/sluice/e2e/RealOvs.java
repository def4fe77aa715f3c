package io.sluice.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The precondition of every end-to-end test: root and Open vSwitch. Outside CI a machine without them skips
 * with the reason shown; under CI=true their absence is a failure, so CI can never pass by skipping.
 */
final class RealOvs {
    private RealOvs() {
    }

    /** Root, OVS and iproute2, plus any further tools (a name on PATH, or an absolute path) the test runs. */
    static void require(String... moreTools) {
        String missing = missing(moreTools);
        if (missing == null) {
            return;
        }
        Requirements.unmet("end-to-end tests need " + missing + " (run scripts/test, which installs them)");
    }

    private static String missing(String... moreTools) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "root";
        }
        for (String tool : new String[] {"ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ovs-ofctl", "ip", "ethtool"}) {
            if (!onPath(tool)) {
                return tool + " on PATH";
            }
        }
        for (String tool : moreTools) {
            if (tool.startsWith("/") ? !Files.isExecutable(Path.of(tool)) : !onPath(tool)) {
                return tool;
            }
        }
        return null;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
