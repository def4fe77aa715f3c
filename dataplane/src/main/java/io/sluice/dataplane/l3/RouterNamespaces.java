package io.sluice.dataplane.l3;

import io.sluice.models.l3.RouterPlan;
import java.util.Set;

/**
 * This host's router namespaces as the L3 agent drives them ({@link LinuxRouterNamespaces} in production).
 * Blocking and not thread-safe: the agent calls it from one thread.
 */
public interface RouterNamespaces {
    RouterNaming naming();

    /** The routers whose namespaces exist on this host. */
    Set<String> routerIds();

    /** Brings the router's namespace to {@code plan}; returns what it changed (empty if it was right). */
    RouterChanges apply(RouterPlan plan);

    /** Forgets what the namespaces were left holding: each router's next apply reads its namespace. */
    void distrust();

    /** Deletes the router's namespace (its veths, addresses, rules and conntrack go with it) and unplugs its legs. */
    void remove(String routerId);

    /** Unplugs host ends of ours that no router namespace uses any more, e.g. after a crash mid-removal. */
    void unplugOrphans(Set<String> inUse);
}
