package io.sluice.dataplane.l3;

import io.sluice.models.l3.RouterPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A router namespace's whole iptables nat table, rendered from its plan in the exact form
 * {@code iptables-save -t nat} prints (chains in its order, rules in its canonical spelling), so that the
 * table read back compares equal line for line and an unchanged plan costs no {@code iptables-restore}.
 * Sluice's rules sit in its own chains, jumped to from the built-in ones:
 * <ul>
 *   <li>{@code sluice-PREROUTING}: port forwardings (DNAT of one protocol and port), then floating IPs (DNAT);</li>
 *   <li>{@code sluice-OUTPUT}: floating IPs (DNAT), for traffic the namespace itself sends to one;</li>
 *   <li>{@code sluice-POSTROUTING}: {@code sluice-float-snat} (fixed address to its floating IP) before
 *       {@code sluice-snat} (the router's subnets to the gateway address), both only out of the qg- leg, so
 *       traffic between the router's own subnets keeps its addresses.</li>
 * </ul>
 */
public final class NatTable {
    static final String PREROUTING = "sluice-PREROUTING";
    static final String OUTPUT = "sluice-OUTPUT";
    static final String POSTROUTING = "sluice-POSTROUTING";
    static final String FLOAT_SNAT = "sluice-float-snat";
    static final String SNAT = "sluice-snat";
    private static final List<String> BUILT_IN = List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");

    private NatTable() {
    }

    /** The nat table's lines for {@code plan}, from {@code *nat} to {@code COMMIT}. */
    public static List<String> render(RouterPlan plan) {
        // iptables-save lists user chains sorted by name, and the rules chain by chain in that order.
        Map<String, List<String>> userChains = new TreeMap<>();
        List.of(PREROUTING, OUTPUT, POSTROUTING, FLOAT_SNAT, SNAT).forEach(c -> userChains.put(c, new ArrayList<>()));
        String gateway = plan.gateway() == null ? null : RouterNaming.gatewayName(plan.gateway().portId());
        for (RouterPlan.Forward forward : plan.portForwardings()) {
            userChains.get(PREROUTING).add(String.format("-A %s -d %s/32 -p %s -m %s --dport %d -j DNAT"
                            + " --to-destination %s:%d", PREROUTING, forward.floatingIp(), forward.protocol(),
                    forward.protocol(), forward.externalPort(), forward.internalIp(), forward.internalPort()));
        }
        for (RouterPlan.FloatingNat nat : plan.floatingIps()) {
            String dnat = " -d " + nat.floatingIp() + "/32 -j DNAT --to-destination " + nat.fixedIp();
            userChains.get(PREROUTING).add("-A " + PREROUTING + dnat);
            userChains.get(OUTPUT).add("-A " + OUTPUT + dnat);
            if (gateway != null) {
                userChains.get(FLOAT_SNAT).add("-A " + FLOAT_SNAT + " -s " + nat.fixedIp() + "/32 -o " + gateway
                        + " -j SNAT --to-source " + nat.floatingIp());
            }
        }
        userChains.get(POSTROUTING).add("-A " + POSTROUTING + " -j " + FLOAT_SNAT);
        userChains.get(POSTROUTING).add("-A " + POSTROUTING + " -j " + SNAT);
        String exit = gatewayAddress(plan);
        if (plan.enableSnat() && exit != null) {
            for (String source : plan.snatSources()) {
                userChains.get(SNAT).add("-A " + SNAT + " -s " + source + " -o " + gateway + " -j SNAT --to-source "
                        + exit);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("*nat");
        BUILT_IN.forEach(chain -> lines.add(":" + chain + " ACCEPT [0:0]"));
        userChains.keySet().forEach(chain -> lines.add(":" + chain + " - [0:0]"));
        lines.add("-A PREROUTING -j " + PREROUTING);
        lines.add("-A OUTPUT -j " + OUTPUT);
        lines.add("-A POSTROUTING -j " + POSTROUTING);
        userChains.values().forEach(lines::addAll);
        lines.add("COMMIT");
        return lines;
    }

    /** {@code iptables-save} output without its comments, blank lines and packet counters. */
    public static List<String> normalise(String saved) {
        return saved.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.startsWith(":") ? line.replaceFirst("\\[\\d+:\\d+]$", "[0:0]") : line)
                .toList();
    }

    /** The rendered lines as {@code iptables-restore} input. */
    static String restoreInput(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    /** The gateway's first address without its prefix length: the router's shared exit address. */
    static String gatewayAddress(RouterPlan plan) {
        if (plan.gateway() == null || plan.gateway().addresses().isEmpty()) {
            return null;
        }
        String first = plan.gateway().addresses().get(0);
        int slash = first.indexOf('/');
        return slash < 0 ? first : first.substring(0, slash);
    }
}
