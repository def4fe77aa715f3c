package io.sluice.e2e;

import io.sluice.controller.TestBedCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A test bed of real OVS hosts in namespaces, driven through scripts/testbed. Every name it creates carries
 * its prefix, so beds of concurrent runs never collide; close() tears it down even after a failure.
 */
final class TestBed implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final String prefix;
    private final Map<String, String> env = new HashMap<>();

    private TestBed(Path root, String prefix) {
        this.root = root;
        this.prefix = prefix;
    }

    static TestBed up(String prefix, int hypervisors) {
        return up(prefix, hypervisors, 1);
    }

    /** A bed with network nodes net1..netN beside the hypervisors. */
    static TestBed up(String prefix, int hypervisors, int networkNodes) {
        TestBed bed = new TestBed(TestBedCli.projectRoot(), prefix);
        try {
            bed.testbed("up", "--force", "--hypervisors", String.valueOf(hypervisors), "--network-nodes",
                    String.valueOf(networkNodes));
            bed.refreshEnv();
            return bed;
        } catch (RuntimeException e) {
            bed.close();
            throw e;
        }
    }

    String prefix() {
        return prefix;
    }

    String slot() {
        return get("SLOT");
    }

    String fabricNamespace() {
        return get("FABRIC_NS");
    }

    String controllerIp() {
        return get("CONTROLLER_IP");
    }

    List<String> hosts() {
        return List.of(get("HOSTS").split(" "));
    }

    List<String> networkNodes() {
        return List.of(get("NETWORK_NODES").split(" "));
    }

    /**
     * The router namespace prefix of a network node's L3 agent: P-qrouter-, or P-HOST-qrouter- when the bed has
     * several network nodes (they share one kernel, and an L3 agent removes the namespaces of its prefix it does
     * not hold).
     */
    String routerNamespacePrefix(String host) {
        return networkNodes().size() > 1 ? prefix + "-" + host + "-qrouter-" : prefix + "-qrouter-";
    }

    /** A host's crash as its network sees it: its ovs-vswitchd and ovsdb-server killed (-9). */
    void killOvs(String host) {
        testbed("kill-ovs", "--host", host);
    }

    /** The host's OVS daemons started again on their database, as its reboot would. */
    void startOvs(String host) {
        testbed("start-ovs", "--host", host);
    }

    /** A per-host fact from `testbed env`, e.g. fact("hv1", "DB_SOCK"). */
    String fact(String host, String key) {
        return get(host.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_" + key);
    }

    String namespace(String host) {
        return fact(host, "NS");
    }

    /** Plugs a VM os-vif style; a null address leaves it for DHCP, ofport 0 lets OVS choose. */
    void plugVm(String host, String name, String portId, String mac, String ipCidr, int ofport) {
        plugVm(host, name, portId, mac, ipCidr, ofport, 0);
    }

    /** @param mtu the tap's and the VM's MTU, the network's as os-vif sets it; 0 for the bed's default */
    void plugVm(String host, String name, String portId, String mac, String ipCidr, int ofport, int mtu) {
        List<String> args = new ArrayList<>(List.of("--host", host, "--name", name, "--port-id", portId, "--mac", mac));
        if (mtu > 0) {
            args.addAll(List.of("--mtu", String.valueOf(mtu)));
        }
        if (ipCidr != null) {
            args.addAll(List.of("--ip", ipCidr));
        }
        if (ofport > 0) {
            args.addAll(List.of("--ofport", String.valueOf(ofport)));
        }
        testbed("plug-vm", args.toArray(String[]::new));
        refreshEnv();
    }

    /**
     * Moves a VM's host end from its host's br-int to {@code toHost}'s with the same ids, as a live migration
     * leaves it; the VM keeps its namespace, address and neighbour entries.
     */
    void moveVm(String name, String toHost) {
        testbed("move-vm", "--name", name, "--host", toHost);
        refreshEnv();
    }

    /** One of a live migration's steps (prepare, switch, finish: scripts/testbed's migrate-vm). */
    void migrateVm(String name, String toHost, String step) {
        testbed("migrate-vm", "--host", toHost, "--name", name, "--step", step);
        refreshEnv();
    }

    /** Runs a command in a host's (or VM's, as "vm-NAME") namespace with its OVS environment. */

    Shell.Result exec(String host, String... command) {
        List<String> args = new ArrayList<>(List.of(root.resolve("scripts/testbed").toString(), "exec",
                "--prefix", prefix, "--host", host, "--"));
        args.addAll(List.of(command));
        return Shell.run(root, COMMAND_TIMEOUT, args);
    }

    /** Whether a host or VM ("vm-NAME") gets an answer to {@code count} pings of an address, 0.2 s apart. */
    boolean pings(String from, String address, int count) {
        return exec(from, "ping", "-c", String.valueOf(count), "-i", "0.2", "-W", "1", address).exitCode() == 0;
    }

    /** Runs udhcpc once on a VM's eth0 (five tries, two seconds apart) and returns what it printed. */
    String dhcp(String vm) {
        return exec("vm-" + vm, "udhcpc", "-i", "eth0", "-n", "-q", "-t", "5", "-T", "2").output();
    }

    String ofctl(String host, String... args) {
        List<String> command = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13"));
        command.addAll(List.of(args));
        return exec(host, command.toArray(String[]::new)).orThrow(command).output();
    }

    /** Starts a long-running command in a namespace (e.g. a node agent or a ping). */
    Process spawn(String namespace, List<String> command, Path log) {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        args.addAll(command);
        return Processes.start(args, log);
    }

    /**
     * Starts a long-running command in a host's network namespace but the machine's mount namespace, as a
     * daemon of a real host runs: {@code ip netns exec} would give it a private mount namespace, and a
     * network namespace it creates (an L3 agent's qrouter-) would then vanish with it.
     */
    Process spawnDaemon(String namespace, List<String> command, Path log) {
        List<String> args = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace));
        args.addAll(command);
        return Processes.start(args, log);
    }

    void testbed(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(root.resolve("scripts/testbed").toString(), command,
                "--prefix", prefix));
        all.addAll(List.of(args));
        Shell.run(root, COMMAND_TIMEOUT, all).orThrow(all);
    }

    private void refreshEnv() {
        List<String> command = List.of(root.resolve("scripts/testbed").toString(), "env", "--prefix", prefix);
        String output = Shell.run(root, COMMAND_TIMEOUT, command).orThrow(command).output();
        env.clear();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
            }
        }
    }

    private String get(String key) {
        String value = env.get(key);
        if (value == null) {
            throw new IllegalStateException("testbed env has no " + key + "; it has " + env.keySet());
        }
        return value;
    }

    @Override
    public void close() {
        List<String> command = List.of(root.resolve("scripts/testbed").toString(), "down", "--prefix", prefix);
        Shell.run(root, COMMAND_TIMEOUT, command).orThrow(command);
    }
}
