package io.sluice.dataplane.l3;

import java.util.List;

/**
 * The commands that bring one router namespace from what it holds to its plan, as the planner decides them;
 * the executor runs them in the order of the fields, except that the nat table and its conntrack flushes run
 * alongside the link changes, once the namespace exists. Empty when the namespace is already right.
 *
 * @param createNamespace {@code ip netns add}
 * @param enableForwarding {@code net.ipv4.ip_forward=1} in the namespace
 * @param hostBatch       {@code ip -batch} lines run in the agent's namespace: new veth pairs (created with
 *                        their inside end already in the router namespace), host ends' MTU and state
 * @param offloads        veth ends needing {@code ethtool -K tx off}; each inside end before it is set up
 * @param plugs           host ends to plug into br-int
 * @param unplugs         host-side names to unplug from br-int (legs going away)
 * @param namespaceBatch  {@code ip -batch} lines run in the router namespace: links, addresses, routes
 * @param natRestore      the whole nat table for {@code iptables-restore}, or null when it is right
 * @param conntrackFlushes {@code conntrack -D} argument lists for NAT mappings that went away, run after the
 *                        nat table is restored, all in one {@code conntrack --load-file}
 * @param announcements   gratuitous ARPs for addresses that appeared on the gateway leg
 */
public record RouterChanges(boolean createNamespace, boolean enableForwarding, List<String> hostBatch,
                            List<Offload> offloads, List<LegPlug.Plug> plugs, List<String> unplugs,
                            List<String> namespaceBatch, String natRestore, List<List<String>> conntrackFlushes,
                            List<Announcement> announcements) {
    public RouterChanges {
        hostBatch = List.copyOf(hostBatch);
        offloads = List.copyOf(offloads);
        plugs = List.copyOf(plugs);
        unplugs = List.copyOf(unplugs);
        namespaceBatch = List.copyOf(namespaceBatch);
        conntrackFlushes = List.copyOf(conntrackFlushes);
        announcements = List.copyOf(announcements);
    }

    /** One veth end; {@code inside} says whether it is the router namespace's end. */
    public record Offload(String device, boolean inside) {
    }

    /** A gratuitous ARP for {@code address} out of {@code device}. */
    public record Announcement(String device, String address) {
    }

    public boolean isEmpty() {
        return !createNamespace && !enableForwarding && hostBatch.isEmpty() && offloads.isEmpty() && plugs.isEmpty()
                && unplugs.isEmpty() && namespaceBatch.isEmpty() && natRestore == null && conntrackFlushes.isEmpty()
                && announcements.isEmpty();
    }
}
