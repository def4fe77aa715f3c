package io.sluice.dataplane.l3;

import io.sluice.models.l3.RouterPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what to change in one router namespace: a pure function from its plan and what it holds now to the
 * {@link RouterChanges}. What is already right is left alone (adopted), so a restarted agent changes nothing
 * on a router that is right and established connections through it go on.
 */
public final class RouterPlanner {
    private static final Pattern DNAT = Pattern.compile(
            "-A " + NatTable.PREROUTING + " -d (\\S+)/32(?: -p (\\w+) -m \\w+ --dport (\\d+))? -j DNAT .*");
    private static final Pattern FLOAT_SNAT = Pattern.compile(
            "-A " + NatTable.FLOAT_SNAT + " .* -j SNAT --to-source (\\S+)");

    private static final String LOOPBACK_MAC = "00:00:00:00:00:00";
    private static final int LOOPBACK_MTU = 65536;
    private static final String LOOPBACK_ADDRESS = "127.0.0.1/8";

    private RouterPlanner() {
    }

    /** One veth pair the plan wants. */
    private record Leg(String inside, String host, String portId, String mac, int mtu, Set<String> addresses,
                       boolean gateway) {
    }

    public static RouterChanges plan(RouterNaming naming, RouterPlan plan, RouterState actual) {
        String namespace = naming.namespace(plan.routerId());
        Map<String, Leg> legs = legs(naming, plan);
        List<String> hostBatch = new ArrayList<>();
        List<RouterChanges.Offload> offloads = new ArrayList<>();
        List<LegPlug.Plug> plugs = new ArrayList<>();
        List<String> unplugs = new ArrayList<>();
        List<String> namespaceBatch = new ArrayList<>();
        List<RouterChanges.Announcement> announcements = new ArrayList<>();

        Map<String, String> routes = desiredRoutes(plan);
        // Routes go first: deleting a link or address takes the kernel's routes through it along, and a
        // "route del" of a route already gone would fail the batch.
        new TreeMap<>(actual.routes()).keySet().stream().filter(dst -> !routes.containsKey(dst))
                .forEach(dst -> namespaceBatch.add("route del " + dst));
        RouterState.Link loopback = actual.links().get("lo");
        if (loopback == null || !loopback.up()) {
            namespaceBatch.add("link set lo up");
        }
        actual.links().keySet().stream().sorted()
                .filter(name -> RouterNaming.isLegName(name) && !legs.containsKey(name))
                .forEach(name -> {
                    namespaceBatch.add("link del " + name);
                    unplugs.add(naming.hostNameOf(name));
                });
        for (Leg leg : legs.values()) {
            RouterState.Link link = actual.links().get(leg.inside());
            Set<String> added = new LinkedHashSet<>(leg.addresses());
            boolean unfinished = link == null || !link.up();
            if (link == null) {
                hostBatch.add(String.format("link add %s mtu %d type veth peer name %s address %s mtu %d netns %s",
                        leg.host(), leg.mtu(), leg.inside(), leg.mac(), leg.mtu(), namespace));
                hostBatch.add("link set " + leg.host() + " up");
            } else {
                added.removeAll(link.addresses());
                if (!link.mac().equals(leg.mac())) {
                    namespaceBatch.add("link set " + leg.inside() + " address " + leg.mac());
                }
                if (link.mtu() != leg.mtu()) {
                    hostBatch.add("link set " + leg.host() + " mtu " + leg.mtu());
                    namespaceBatch.add("link set " + leg.inside() + " mtu " + leg.mtu());
                }
                link.addresses().stream().sorted().filter(a -> !leg.addresses().contains(a))
                        .forEach(a -> namespaceBatch.add("addr del " + a + " dev " + leg.inside()));
            }
            added.forEach(a -> namespaceBatch.add("addr add " + a + " dev " + leg.inside()));
            if (unfinished) {
                // A leg is set up last: one found down was left half-made, so its offloads are redone too.
                offloads.add(new RouterChanges.Offload(leg.host(), false));
                offloads.add(new RouterChanges.Offload(leg.inside(), true));
                namespaceBatch.add("link set " + leg.inside() + " up");
            }
            if (leg.gateway()) {
                added.forEach(a -> announcements.add(new RouterChanges.Announcement(leg.inside(), hostPart(a))));
            }
            if (!actual.plugged().contains(leg.host())) {
                plugs.add(new LegPlug.Plug(leg.host(), leg.portId(), leg.mac()));
            }
        }
        routes.forEach((dst, nexthop) -> {
            if (!nexthop.equals(actual.routes().get(dst))) {
                namespaceBatch.add("route replace " + dst + " via " + nexthop);
            }
        });

        List<String> nat = NatTable.render(plan);
        boolean natDiffers = !nat.equals(actual.natRules());
        return new RouterChanges(!actual.exists(), !actual.ipForward(), hostBatch, offloads, plugs, unplugs,
                namespaceBatch, natDiffers ? NatTable.restoreInput(nat) : null,
                natDiffers ? conntrackFlushes(actual.natRules(), nat) : List.of(), announcements);
    }

    /**
     * What the namespace holds once the changes {@link #plan} gave for {@code before} ran without error: the
     * state the agent trusts in place of reading the namespace again. Links that are not legs and plugs of
     * other routers are carried over from {@code before}.
     */
    public static RouterState expected(RouterNaming naming, RouterPlan plan, RouterState before) {
        Map<String, Leg> legs = legs(naming, plan);
        Map<String, RouterState.Link> links = new HashMap<>();
        before.links().forEach((name, link) -> {
            if (!RouterNaming.isLegName(name)) {
                links.put(name, link);
            }
        });
        RouterState.Link loopback = links.get("lo");
        if (loopback == null || !loopback.up()) {
            // The kernel gives a loopback set up its address.
            links.put("lo", new RouterState.Link("lo", LOOPBACK_MAC, LOOPBACK_MTU, true, Set.of(LOOPBACK_ADDRESS)));
        }
        Set<String> plugged = new HashSet<>(before.plugged());
        before.links().keySet().stream().filter(RouterNaming::isLegName).map(naming::hostNameOf)
                .forEach(plugged::remove);
        for (Leg leg : legs.values()) {
            links.put(leg.inside(), new RouterState.Link(leg.inside(), leg.mac(), leg.mtu(), true, leg.addresses()));
            plugged.add(leg.host());
        }
        return new RouterState(true, true, links, desiredRoutes(plan), NatTable.render(plan), plugged);
    }

    private static Map<String, Leg> legs(RouterNaming naming, RouterPlan plan) {
        Map<String, Leg> legs = new LinkedHashMap<>();
        for (RouterPlan.Leg leg : plan.interfaces()) {
            String inside = RouterNaming.interfaceName(leg.portId());
            legs.put(inside, new Leg(inside, naming.hostName(leg.portId()), leg.portId(), leg.macAddress(), leg.mtu(),
                    new LinkedHashSet<>(leg.addresses()), false));
        }
        RouterPlan.Leg gateway = plan.gateway();
        if (gateway != null) {
            Set<String> addresses = new LinkedHashSet<>(gateway.addresses());
            plan.floatingIps().forEach(nat -> addresses.add(nat.floatingIp() + "/32"));
            plan.portForwardings().forEach(forward -> addresses.add(forward.floatingIp() + "/32"));
            String inside = RouterNaming.gatewayName(gateway.portId());
            legs.put(inside, new Leg(inside, naming.hostName(gateway.portId()), gateway.portId(),
                    gateway.macAddress(), gateway.mtu(), addresses, true));
        }
        return legs;
    }

    /** Routes with a next hop: the default route and the static ones; the kernel keeps the connected ones. */
    private static Map<String, String> desiredRoutes(RouterPlan plan) {
        Map<String, String> desired = new TreeMap<>();
        plan.routes().forEach(route -> desired.put(routeKey(route.destination()), route.nexthop()));
        if (plan.defaultNexthop() != null) {
            desired.put("default", plan.defaultNexthop());
        }
        return desired;
    }

    /** A destination as {@code ip route} prints it: a host route without its /32, 0.0.0.0/0 as default. */
    private static String routeKey(String cidr) {
        if (cidr.equals("0.0.0.0/0")) {
            return "default";
        }
        return cidr.endsWith("/32") ? cidr.substring(0, cidr.length() - 3) : cidr;
    }

    /**
     * Connections NATed by rules that go away would otherwise keep flowing on their conntrack entries:
     * inbound ones by their original destination (and port, for a port forwarding), outbound ones of a
     * floating IP by their reply destination.
     */
    private static List<List<String>> conntrackFlushes(List<String> actual, List<String> desired) {
        Set<String> kept = new HashSet<>(desired);
        Set<List<String>> flushes = new LinkedHashSet<>();
        for (String rule : actual.stream().filter(r -> !kept.contains(r)).sorted(Comparator.naturalOrder()).toList()) {
            Matcher dnat = DNAT.matcher(rule);
            Matcher floatSnat = FLOAT_SNAT.matcher(rule);
            if (dnat.matches()) {
                flushes.add(dnat.group(2) == null ? List.of("-D", "--orig-dst", dnat.group(1))
                        : List.of("-D", "--orig-dst", dnat.group(1), "-p", dnat.group(2), "--orig-port-dst",
                        dnat.group(3)));
            } else if (floatSnat.matches()) {
                flushes.add(List.of("-D", "--reply-dst", floatSnat.group(1)));
            }
        }
        return List.copyOf(flushes);
    }

    private static String hostPart(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }
}
