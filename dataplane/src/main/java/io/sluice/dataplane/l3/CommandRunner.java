package io.sluice.dataplane.l3;

import java.util.List;

/** Runs the host's tools (ip, iptables, conntrack, ...); the one place the L3 code starts processes. */
public interface CommandRunner {
    /** A finished command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code argv} with {@code stdin} (null for none) to completion. */
    Result run(List<String> argv, String stdin);

    /**
     * Starts {@code argv} in the background and returns at once, without waiting even for the process to be
     * spawned (announcements that take their own time, e.g. arping).
     */
    void start(List<String> argv);
}
