package io.sluice.e2e;

import io.sluice.controller.TestBedCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** scripts/lib/tcpprobe.py in the test bed: a server that greets each client with the address it sees, and clients. */
final class TcpProbe {
    private static final String SCRIPT = TestBedCli.projectRoot().resolve("scripts/lib/tcpprobe.py").toString();

    private TcpProbe() {
    }

    /** The command line of one of the probe's modes (serve, hello, stream), with its arguments. */
    static List<String> command(String mode, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT, mode));
        command.addAll(List.of(args));
        return command;
    }

    /** Waits until the byte count a {@code serve PORT STATUS} server writes grows, and returns it. */
    static long awaitGrowing(Path status, Duration firstData) {
        SluiceCluster.await("data on " + status.getFileName(), firstData, () -> bytes(status) > 0);
        long first = bytes(status);
        SluiceCluster.await("data still flowing on " + status.getFileName(), Duration.ofSeconds(5),
                () -> bytes(status) > first);
        return bytes(status);
    }

    /** What the server has received so far, 0 before anything. */
    static long bytes(Path status) {
        try {
            return Long.parseLong(Files.readString(status).trim().split(" ")[1]);
        } catch (IOException | RuntimeException notYet) {
            return 0;
        }
    }

    /** The server's greeting ("peer ADDRESS", the client as the server sees it), or empty if unreachable. */
    static String hello(TestBed bed, String from, String address, int port) {
        Shell.Result result = bed.exec(from, command("hello", address, String.valueOf(port), "2")
                .toArray(String[]::new));
        return result.exitCode() == 0 ? result.output().trim() : "";
    }
}
