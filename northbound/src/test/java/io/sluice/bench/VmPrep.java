package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes and removes measured VMs in bulk, untimed, with a generated shell script: one {@code ip -batch} for
 * the namespaces, one per hypervisor for the veth pairs (VM end created as eth0 inside its namespace, with
 * the port's MAC and MTU 1450), ethtool tx off on both ends, then per VM one {@code ip -batch} for its
 * address, its link and a permanent neighbour entry for its probe; the probes get permanent entries for
 * every VM they will ping. The entries name the peer's own MAC on a switched network, the virtual gateway MAC
 * on a routed one (an MPLS network's VRF answers every address with it and routes only what is sent to it).
 * IPv6 stays silent in the VMs (addrgenmode none: no link-local address, so no DAD, router solicitations or
 * MLD into br-int).
 */
final class VmPrep {
    /** A probe VM: where it is and what it answers with. */
    record Probe(String namespace, String ip, String mac) {
    }

    private final Map<String, String> hostNamespaces;
    private final Map<String, Probe> probes;
    private final int prefixLength;
    private final Optional<String> gatewayMac;

    /** @param gatewayMac the MAC every peer is reached at on a routed network; empty on a switched one */
    VmPrep(Map<String, String> hostNamespaces, Map<String, Probe> probes, int prefixLength,
           Optional<String> gatewayMac) {
        this.hostNamespaces = hostNamespaces;
        this.probes = probes;
        this.prefixLength = prefixLength;
        this.gatewayMac = gatewayMac;
    }

    /** The MAC a VM's neighbour entry for a peer with {@code peerMac} names. */
    String neighbourMac(String peerMac) {
        return gatewayMac.orElse(peerMac);
    }

    void create(List<Vm> vms, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("vm"));
        List<String> script = new ArrayList<>(List.of("set -euo pipefail", "cd " + dir));
        write(dir.resolve("netns.batch"), vms.stream().map(vm -> "netns add " + vm.namespace()).toList());
        script.add("ip -batch netns.batch");
        Map<String, List<Vm>> byHost = new LinkedHashMap<>();
        vms.forEach(vm -> byHost.computeIfAbsent(vm.host(), h -> new ArrayList<>()).add(vm));
        byHost.forEach((host, onHost) -> {
            String ns = hostNamespaces.get(host);
            write(dir.resolve("links-" + host + ".batch"), onHost.stream().map(vm -> "link add " + vm.tempDev()
                    + " mtu 1450 type veth peer name eth0 netns " + vm.namespace() + " address " + vm.mac()
                    + " mtu 1450").toList());
            write(dir.resolve("devs-" + host), onHost.stream().map(Vm::tempDev).toList());
            script.add("ip -n " + ns + " -batch links-" + host + ".batch");
            script.add("ip netns exec " + ns + " sh -c 'while read -r d; do ethtool -K \"$d\" tx off >/dev/null;"
                    + " done' < devs-" + host);
        });
        List<String> list = new ArrayList<>();
        Map<String, List<String>> neighbours = new LinkedHashMap<>();
        for (Vm vm : vms) {
            Probe probe = probes.get(vm.probeHost());
            write(dir.resolve("vm/" + vm.namespace()), List.of("link set lo up", "link set eth0 addrgenmode none",
                    "addr add " + vm.ip() + "/" + prefixLength + " dev eth0", "link set eth0 up",
                    "neigh replace " + probe.ip() + " lladdr " + neighbourMac(probe.mac())
                            + " dev eth0 nud permanent"));
            list.add(vm.namespace() + " vm/" + vm.namespace());
            neighbours.computeIfAbsent(probe.namespace(), p -> new ArrayList<>())
                    .add("neigh replace " + vm.ip() + " lladdr " + neighbourMac(vm.mac()) + " dev eth0 nud permanent");
        }
        write(dir.resolve("vms.list"), list);
        script.add("xargs -P 2 -L 1 sh -c 'ip netns exec \"$0\" sh -c \"ethtool -K eth0 tx off >/dev/null"
                + " && ip -batch -\" < \"$1\"' < vms.list");
        neighbours.forEach((probeNs, lines) -> {
            write(dir.resolve("neigh-" + probeNs + ".batch"), lines);
            script.add("ip -n " + probeNs + " -batch neigh-" + probeNs + ".batch");
        });
        write(dir.resolve("prep.sh"), script);
        run(dir.resolve("prep.sh"));
    }

    /** Deletes the VMs' namespaces (their veth pairs go with them). */
    void remove(List<Vm> vms, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        write(dir.resolve("netns-del.batch"), vms.stream().map(vm -> "netns del " + vm.namespace()).toList());
        write(dir.resolve("remove.sh"), List.of("set -euo pipefail", "ip -force -batch " + dir.resolve("netns-del.batch")));
        run(dir.resolve("remove.sh"));
    }

    private static void run(Path script) throws IOException, InterruptedException {
        Path log = script.resolveSibling(script.getFileName() + ".log");
        Process process = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(script + " failed: " + Files.readString(log));
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
