package io.sluice.dataplane.l3;

import io.sluice.models.l3.RouterPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router namespaces on this host: lets {@link RouterPlanner} decide the difference between a router's plan
 * and what its namespace holds, and runs those few commands, batched ({@code ip -batch}, one
 * {@code iptables-restore}). What a namespace holds is read from it only when not known: the first time a
 * router is seen, after a command failed, and after {@link #distrust} (the agent's periodic audit, which repairs
 * changes made behind its back); otherwise it is the state the last successful apply left, as the flow
 * reconciler trusts the flows it installed. Blocking and not thread-safe: the L3 agent calls it from one thread.
 *
 * <p>NAT is iptables' legacy (xtables) backend: a router namespace is Sluice's alone, so nothing mixes backends
 * in it, and restoring a small nat table takes ~4 ms there against 14–26 ms with the nf_tables one (measured
 * side by side on the test bed's machines; most of a floating IP's time to its first packet).
 */
public final class LinuxRouterNamespaces implements RouterNamespaces {
    /** Where iproute2 keeps named namespaces. */
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final String SEPARATOR = "--sluice--";
    static final String IPTABLES_RESTORE = "iptables-legacy-restore";
    static final String IPTABLES_SAVE = "iptables-legacy-save";
    /** Everything the planner needs from inside a namespace, read with one process. */
    private static final String READ_SCRIPT = String.join("; echo " + SEPARATOR + "; ",
            "ip -json addr show", "ip -json route show", "cat /proc/sys/net/ipv4/ip_forward", IPTABLES_SAVE + " -t nat");

    private static final Logger log = LoggerFactory.getLogger(LinuxRouterNamespaces.class);

    private final RouterNaming naming;
    private final CommandRunner runner;
    private final LegPlug plug;
    private final ExecutorService natThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "sluice-l3-nat");
        thread.setDaemon(true);
        return thread;
    });
    /** What each router's namespace held after its last successful apply, by router id. */
    private final Map<String, RouterState> trusted = new HashMap<>();

    public LinuxRouterNamespaces(RouterNaming naming, CommandRunner runner, LegPlug plug) {
        this.naming = naming;
        this.runner = runner;
        this.plug = plug;
    }

    @Override
    public RouterNaming naming() {
        return naming;
    }

    @Override
    public Set<String> routerIds() {
        if (!Files.isDirectory(NETNS_DIR)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(NETNS_DIR)) {
            return entries.map(path -> path.getFileName().toString()).map(naming::routerIdOf)
                    .flatMap(Optional::stream).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + NETNS_DIR, e);
        }
    }

    @Override
    public RouterChanges apply(RouterPlan plan) {
        // Taken out while the commands run: if one fails, the namespace is read again next time.
        RouterState before = trusted.remove(plan.routerId());
        if (before == null) {
            before = read(plan.routerId());
        }
        RouterChanges changes = RouterPlanner.plan(naming, plan, before);
        if (!changes.isEmpty()) {
            execute(naming.namespace(plan.routerId()), changes);
        }
        trusted.put(plan.routerId(), RouterPlanner.expected(naming, plan, before));
        return changes;
    }

    @Override
    public void distrust() {
        trusted.clear();
    }

    /** What the router's namespace holds now. */
    public RouterState read(String routerId) {
        String namespace = naming.namespace(routerId);
        if (!Files.exists(NETNS_DIR.resolve(namespace))) {
            return RouterState.ABSENT.withPlugged(plug.plugged(naming.hostLegPrefix()));
        }
        String[] parts = check(inNamespace(namespace, List.of("sh", "-c", READ_SCRIPT)), null)
                .stdout().split(SEPARATOR + "\n", -1);
        if (parts.length != 4) {
            throw new IllegalStateException("unexpected state read from " + namespace + ": " + parts.length + " parts");
        }
        return new RouterState(true, "1".equals(parts[2].strip()), IpJson.links(parts[0]),
                IpJson.gatewayRoutes(parts[1]), NatTable.normalise(parts[3]), plug.plugged(naming.hostLegPrefix()));
    }

    @Override
    public void remove(String routerId) {
        trusted.remove(routerId);
        String namespace = naming.namespace(routerId);
        if (!Files.exists(NETNS_DIR.resolve(namespace))) {
            return;
        }
        List<String> legs = IpJson.links(check(List.of("ip", "-n", namespace, "-json", "link", "show"), null)
                .stdout()).keySet().stream().filter(RouterNaming::isLegName).sorted().toList();
        List<String> hostNames = legs.stream().map(naming::hostNameOf).toList();
        // Deleted first: a namespace lives on while a process (a gratuitous ARP) is still in it, with its veths.
        if (!legs.isEmpty()) {
            check(List.of("ip", "-n", namespace, "-batch", "-"),
                    batch(legs.stream().map(leg -> "link del " + leg).toList()));
        }
        check(List.of("ip", "netns", "delete", namespace), null);
        plug.unplug(hostNames);
        log.info("removed router {} ({} legs)", routerId, hostNames.size());
    }

    @Override
    public void unplugOrphans(Set<String> inUse) {
        List<String> orphans = plug.plugged(naming.hostLegPrefix()).stream().filter(name -> !inUse.contains(name))
                .sorted().toList();
        if (!orphans.isEmpty()) {
            log.info("unplugging orphaned router legs {}", orphans);
            plug.unplug(orphans);
        }
    }

    private void execute(String namespace, RouterChanges changes) {
        if (changes.createNamespace()) {
            check(List.of("ip", "netns", "add", namespace), null);
        }
        if (changes.enableForwarding()) {
            check(inNamespace(namespace, List.of("sysctl", "-qw", "net.ipv4.ip_forward=1")), null);
        }
        // The nat table needs none of the links (rules name them, they need not exist yet): it is restored
        // alongside, so a floating IP costs the longer of its two commands, not their sum.
        CompletableFuture<Void> nat = changes.natRestore() == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> restoreNat(namespace, changes), natThread);
        try {
            executeLinks(namespace, changes);
        } catch (RuntimeException e) {
            nat.exceptionally(natFailure -> null).join();
            throw e;
        }
        try {
            nat.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        for (RouterChanges.Announcement announcement : changes.announcements()) {
            runner.start(inNamespace(namespace, List.of("arping", "-U", "-c", "1", "-I", announcement.device(),
                    announcement.address())));
        }
    }

    private void executeLinks(String namespace, RouterChanges changes) {
        if (!changes.hostBatch().isEmpty()) {
            check(List.of("ip", "-batch", "-"), batch(changes.hostBatch()));
        }
        for (RouterChanges.Offload offload : changes.offloads()) {
            // Without it TCP checksums arrive broken through an OVS userspace datapath.
            List<String> ethtool = List.of("ethtool", "-K", offload.device(), "tx", "off");
            check(offload.inside() ? inNamespace(namespace, ethtool) : ethtool, null);
        }
        if (!changes.plugs().isEmpty()) {
            plug.plug(changes.plugs());
        }
        if (!changes.namespaceBatch().isEmpty()) {
            check(List.of("ip", "-n", namespace, "-batch", "-"), batch(changes.namespaceBatch()));
        }
        if (!changes.unplugs().isEmpty()) {
            plug.unplug(changes.unplugs());
        }
    }

    /** The whole nat table in one {@code iptables-restore}, then the connections of removed rules, in one process. */
    private void restoreNat(String namespace, RouterChanges changes) {
        check(inNamespace(namespace, List.of(IPTABLES_RESTORE)), changes.natRestore());
        if (!changes.conntrackFlushes().isEmpty()) {
            // conntrack --load-file runs one command per line; nothing to delete is not an error there.
            check(inNamespace(namespace, List.of("conntrack", "--load-file", "-")),
                    batch(changes.conntrackFlushes().stream().map(flush -> String.join(" ", flush)).toList()));
        }
    }

    private CommandRunner.Result check(List<String> argv, String stdin) {
        CommandRunner.Result result = runner.run(argv, stdin);
        if (result.exitCode() != 0) {
            throw new L3CommandException(argv, result);
        }
        return result;
    }

    /**
     * A command in the router's network namespace. nsenter enters only that: {@code ip netns exec} also makes
     * a mount namespace and remounts /sys for each command, which none of these tools needs (they speak
     * netlink, ioctl and /proc/sys/net, all per network namespace) and which cost ~1.5 ms a spawn here.
     */
    private static List<String> inNamespace(String namespace, List<String> argv) {
        List<String> wrapped = new ArrayList<>(List.of("nsenter", "--net=" + NETNS_DIR.resolve(namespace)));
        wrapped.addAll(argv);
        return wrapped;
    }

    private static String batch(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
