package io.sluice.e2e;

import java.util.ArrayList;
import java.util.List;

/** scripts/lib/tcpprobe.py in the test bed: a server that greets each client with the address it sees, and clients. */
final class TcpProbe {
    private static final String SCRIPT = ProjectRoot.path().resolve("scripts/lib/tcpprobe.py").toString();

    private TcpProbe() {
    }

    /** The command line of one of the probe's modes (serve, hello, stream), with its arguments. */
    static List<String> command(String mode, String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT, mode));
        command.addAll(List.of(args));
        return command;
    }

    /** The server's greeting ("peer ADDRESS", the client as the server sees it), or empty if unreachable. */
    static String hello(TestBed bed, String from, String address, int port) {
        Shell.Result result = bed.exec(from, command("hello", address, String.valueOf(port), "2")
                .toArray(String[]::new));
        return result.exitCode() == 0 ? result.output().trim() : "";
    }
}
