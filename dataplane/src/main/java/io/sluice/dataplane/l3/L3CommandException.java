package io.sluice.dataplane.l3;

import java.util.List;

/** A command of the L3 agent failed; the message names it and what it printed. */
public final class L3CommandException extends RuntimeException {
    public L3CommandException(List<String> argv, CommandRunner.Result result) {
        super(String.join(" ", argv) + " exited with " + result.exitCode() + ": " + result.stderr().strip());
    }
}
