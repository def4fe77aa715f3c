package io.sluice.bench.scale;

import io.sluice.dataplane.l3.LegPlug;
import io.sluice.dataplane.l3.RouterChanges;
import io.sluice.dataplane.l3.RouterNamespaces;
import io.sluice.dataplane.l3.RouterNaming;
import io.sluice.models.l3.RouterPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An emulated network node's router namespaces, driven by the dataplane's own {@link io.sluice.dataplane.agent.L3Agent}:
 * no namespace, veth or NAT rule is made, but every router leg (its {@code qr-} interfaces and {@code qg-}
 * gateway) is plugged into the host's emulated br-int with its port id, as the real agent's veths are, so the
 * controller places, switches and reports them like on a real network node. What a real namespace adds on top
 * (addresses, routes, NAT) is the Linux side, measured by {@code scripts/bench/fip}, not here.
 */
final class EmulatedRouters implements RouterNamespaces {
    private static final RouterNaming NAMING = new RouterNaming("qrouter-", RouterNaming.HOST_LEG_PREFIX);

    private final BiConsumer<String, String> plug;
    private final Consumer<String> unplug;
    private final Runnable report;
    /** Each router held: its plan and its legs, port id to MAC. */
    private final Map<String, RouterPlan> held = new LinkedHashMap<>();

    /**
     * @param plug   plugs a leg (port id, MAC) into br-int
     * @param unplug unplugs a leg by port id
     * @param report tells the agent the plugged ports changed
     */
    EmulatedRouters(BiConsumer<String, String> plug, Consumer<String> unplug, Runnable report) {
        this.plug = plug;
        this.unplug = unplug;
        this.report = report;
    }

    @Override
    public RouterNaming naming() {
        return NAMING;
    }

    @Override
    public Set<String> routerIds() {
        return Set.copyOf(held.keySet());
    }

    @Override
    public RouterChanges apply(RouterPlan plan) {
        RouterPlan before = held.put(plan.routerId(), plan);
        if (plan.equals(before)) {
            return changes(false, List.of(), List.of());
        }
        Map<String, String> was = before == null ? Map.of() : legs(before);
        Map<String, String> wanted = legs(plan);
        List<LegPlug.Plug> plugs = new ArrayList<>();
        wanted.forEach((portId, mac) -> {
            if (!mac.equals(was.get(portId))) {
                plug.accept(portId, mac);
                plugs.add(new LegPlug.Plug(NAMING.hostName(portId), portId, mac));
            }
        });
        List<String> unplugs = new ArrayList<>();
        was.keySet().stream().filter(portId -> !wanted.containsKey(portId)).forEach(portId -> {
            unplug.accept(portId);
            unplugs.add(NAMING.hostName(portId));
        });
        if (!plugs.isEmpty() || !unplugs.isEmpty()) {
            report.run();
        }
        return changes(before == null, plugs, unplugs);
    }

    @Override
    public void distrust() {
        // Nothing is changed behind the emulation's back.
    }

    @Override
    public void remove(String routerId) {
        RouterPlan plan = held.remove(routerId);
        if (plan != null) {
            legs(plan).keySet().forEach(unplug);
            report.run();
        }
    }

    @Override
    public void unplugOrphans(Set<String> inUse) {
        // Legs go only with their router here: none is left behind by a crash mid-removal.
    }

    private static Map<String, String> legs(RouterPlan plan) {
        Map<String, String> legs = new HashMap<>();
        plan.interfaces().forEach(leg -> legs.put(leg.portId(), leg.macAddress()));
        if (plan.gateway() != null) {
            legs.put(plan.gateway().portId(), plan.gateway().macAddress());
        }
        return legs;
    }

    /** Only the plugs are real here; a plan whose legs stayed shows as changed only if the router is new. */
    private static RouterChanges changes(boolean created, List<LegPlug.Plug> plugs, List<String> unplugs) {
        return new RouterChanges(created, false, List.of(), List.of(), plugs, unplugs, List.of(), null, List.of(),
                List.of());
    }
}
