package io.sluice.northbound.keystone;

import io.sluice.e2e.Requirements;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What tests that run the stock {@code openstack} CLI against in-process services share. */
public final class StockCli {
    public static final Path OPENSTACK = Path.of("/usr/bin/openstack");

    private StockCli() {
    }

    /** Skips with the reason outside CI; under CI=true a missing CLI fails, so CI never passes by skipping. */
    public static void require() {
        if (Files.isExecutable(OPENSTACK)) {
            return;
        }
        Requirements.unmet(OPENSTACK + " is missing: apt-get install -y python3-openstackclient");
    }

    /** A local port free now, for a service the CLI must know the address of before it listens. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
