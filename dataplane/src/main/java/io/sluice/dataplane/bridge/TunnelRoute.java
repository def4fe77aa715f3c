package io.sluice.dataplane.bridge;

import inet.ipaddr.IPAddressString;
import io.sluice.dataplane.l3.CommandRunner;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The route to the tunnel peers in ovs-vswitchd's own route table, for the userspace datapath, which
 * encapsulates in ovs-vswitchd and routes by that table rather than the kernel's. ovs-vswitchd fills it with a
 * copy of the kernel's routes, and empties and reloads that copy whenever a link changes anywhere on the host
 * (a VM or router port added to br-int, say); a packet to a peer translated in between finds no route and is
 * dropped, on every tunnel path at once. A user route, added through {@code ovs/route/add}, survives that reload:
 * this one covers the network of the device holding the tunnel IP (the operator's br-phy, as OVS's userspace
 * tunnelling guide sets it up). It is kept in memory only, so a restarted ovs-vswitchd needs it again: the agent
 * checks it every few seconds, since such a restart changes no OVSDB column it watches.
 *
 * @param network the tunnel IP's network, e.g. 100.64.0.0/24
 * @param device  the device holding the tunnel IP, e.g. br-phy
 */
public record TunnelRoute(String network, String device) {
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");

    public TunnelRoute {
        if (!new IPAddressString(network).isPrefixed() || !DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("a tunnel route needs a network and a device, got " + network
                    + " dev " + device);
        }
    }

    /** The route for {@code tunnelIp} held with {@code prefixLength} on {@code device}. */
    public static TunnelRoute of(String tunnelIp, int prefixLength, String device) {
        String network = new IPAddressString(tunnelIp + "/" + prefixLength).getAddress().toPrefixBlock()
                .toCanonicalString();
        return new TunnelRoute(network, device);
    }

    /** The route for the device of this network namespace that holds {@code tunnelIp}, if one does. */
    public static Optional<TunnelRoute> find(String tunnelIp) throws SocketException, UnknownHostException {
        InetAddress address = InetAddress.getByName(tunnelIp);
        NetworkInterface device = NetworkInterface.getByInetAddress(address);
        if (device == null) {
            return Optional.empty();
        }
        for (InterfaceAddress held : device.getInterfaceAddresses()) {
            if (held.getAddress().equals(address)) {
                return Optional.of(of(tunnelIp, held.getNetworkPrefixLength(), device.getName()));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code ovs/route/show}'s output holds this route as a user route. */
    public boolean shownIn(String routeShow) {
        String wanted = "User: " + network + " dev " + device + " ";
        return routeShow.lines().anyMatch(line -> (line + " ").startsWith(wanted));
    }

    /**
     * Adds the route to the ovs-vswitchd whose control socket is in {@code runDir} unless it is there already.
     *
     * @return whether it had to be added
     * @throws IllegalStateException if ovs-appctl fails
     */
    public boolean ensure(CommandRunner commands, Path runDir) {
        if (shownIn(appctl(commands, runDir, "ovs/route/show"))) {
            return false;
        }
        appctl(commands, runDir, "ovs/route/add", network, device);
        return true;
    }

    private static String appctl(CommandRunner commands, Path runDir, String... command) {
        List<String> argv = new ArrayList<>(List.of("env", "OVS_RUNDIR=" + runDir, "ovs-appctl",
                "--timeout=5", "-t", "ovs-vswitchd"));
        argv.addAll(List.of(command));
        CommandRunner.Result result = commands.run(argv, null);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        return result.stdout();
    }
}
