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
 * encapsulates in ovs-vswitchd and routes by that table rather than the kernel's. It covers the network of the
 * device holding the tunnel IP (the operator's br-phy, as OVS's userspace tunnelling guide sets it up) and is
 * added as a user route ({@code ovs/route/add}). ovs-vswitchd should be started with
 * {@code --disable-system-route}, so that this route is all its table holds. Otherwise it also copies the
 * kernel's routes and empties and reloads that copy on every link change on the host (a VM or router port plugged,
 * say); in OVS 3.1 br-phy's address is out of the tunnel port map meanwhile, so tunnel packets translated then are
 * handed to the host instead of decapsulated: a packet lost now and then on every tunnel path at once
 * (docs/reliability.md, churn soak). A user route is kept in memory only, so a restarted ovs-vswitchd needs it
 * again ({@code TunnelRouteKeeper} in the agent).
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

    /** Whether {@code ovs/route/show}'s output holds routes copied from the kernel ("Cached:" lines). */
    public static boolean kernelRoutesIn(String routeShow) {
        return routeShow.lines().anyMatch(line -> line.startsWith("Cached: "));
    }

    /**
     * What {@link #ensure} found.
     *
     * @param added              whether the route had to be added
     * @param kernelRoutesCopied whether ovs-vswitchd also holds a copy of the kernel's routes (it was started
     *                           without {@code --disable-system-route})
     */
    public record Outcome(boolean added, boolean kernelRoutesCopied) {
    }

    /**
     * Adds the route to the ovs-vswitchd whose control socket is in {@code runDir} unless it is there already.
     *
     * @throws IllegalStateException if ovs-appctl fails
     */
    public Outcome ensure(CommandRunner commands, Path runDir) {
        String shown = appctl(commands, runDir, "ovs/route/show");
        boolean missing = !shownIn(shown);
        if (missing) {
            appctl(commands, runDir, "ovs/route/add", network, device);
        }
        return new Outcome(missing, kernelRoutesIn(shown));
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
