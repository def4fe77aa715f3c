package io.sluice.controller.l3;

import io.sluice.controller.agents.AgentServer;
import io.sluice.controller.audit.AuditFinding;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.l3.RouterPlan;
import io.sluice.models.tenant.TenantModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every L3 agent holding its host's routers: sends {@code router_update} (the whole set) after an L3
 * agent registers and whenever its host's plans change, compared with what was last sent to it. Takes the
 * agents' {@code routers_applied} and tells its listeners (floating IP statuses follow them).
 */
public final class RouterPlanPublisher implements AgentServer.RouterEvents {
    /** Sends one host its plans; false when its agent is not connected. */
    public interface Sender {
        boolean send(String host, List<RouterPlan> plans);
    }

    /** Told, on a network thread, what an agent's namespaces now hold; must not block. */
    public interface AppliedListener {
        void routersApplied(String host, List<RouterPlan> plans);
    }

    private static final Logger log = LoggerFactory.getLogger(RouterPlanPublisher.class);

    private final Sender sender;
    private final Supplier<Snapshot> snapshot;
    private final Executor executor;
    private final Map<String, List<RouterPlan>> lastSent = new HashMap<>();
    /** The router view last compiled and its plans: a model change that touches no router compiles nothing. */
    private TenantModel lastView;
    private TenantModel lastTenants;
    private Map<String, List<RouterPlan>> lastPlans = Map.of();
    private final Set<String> l3Hosts = new TreeSet<>();
    private final Map<String, List<RouterPlan>> applied = new ConcurrentHashMap<>();
    private final List<AppliedListener> listeners = new CopyOnWriteArrayList<>();

    /** @param executor where sends triggered by agent events run: the thread model changes are handled on */
    public RouterPlanPublisher(Sender sender, Supplier<Snapshot> snapshot, Executor executor) {
        this.sender = sender;
        this.snapshot = snapshot;
        this.executor = executor;
    }

    public void addListener(AppliedListener listener) {
        listeners.add(listener);
    }

    /** Sends each L3 host whose plans differ from what it was last sent its new plans. */
    public synchronized void publish() {
        TenantModel tenants = snapshot.get().tenants();
        // An agent's report leaves the model as it was; a model change is looked at in the ports it changed.
        if (tenants != lastTenants) {
            TenantModel view = lastTenants == null ? RouterPlanCompiler.routerView(tenants)
                    : RouterPlanCompiler.routerView(tenants, lastTenants, lastView);
            if (!view.equals(lastView)) {
                lastPlans = RouterPlanCompiler.plansByHost(view);
                lastView = view;
            }
            lastTenants = tenants;
        }
        Map<String, List<RouterPlan>> plans = lastPlans;
        Set<String> hosts = new TreeSet<>(l3Hosts);
        hosts.addAll(plans.keySet());
        for (String host : hosts) {
            List<RouterPlan> desired = plans.getOrDefault(host, List.of());
            if (desired.equals(lastSent.get(host))) {
                continue;
            }
            if (sender.send(host, desired)) {
                log.debug("router_update to {}: {} routers", host, desired.size());
                lastSent.put(host, desired);
            } else {
                lastSent.remove(host);
            }
        }
    }

    /** What the model says each L3 host should hold now compared with what its agent last reported applied. */
    public List<AuditFinding> audit() {
        return RouterPlanAudit.compare(RouterPlanCompiler.plansByHost(
                RouterPlanCompiler.routerView(snapshot.get().tenants())), applied());
    }

    /** The plans each agent last reported applied, by host. */
    public Map<String, List<RouterPlan>> applied() {
        return Map.copyOf(applied);
    }

    @Override
    public void l3AgentRegistered(String host) {
        executor.execute(() -> {
            synchronized (this) {
                l3Hosts.add(host);
                // Every registration gets the whole set, whatever was sent on an earlier connection.
                lastSent.remove(host);
            }
            publish();
        });
    }

    @Override
    public void routersApplied(String host, List<RouterPlan> plans) {
        applied.put(host, List.copyOf(plans));
        listeners.forEach(listener -> listener.routersApplied(host, plans));
    }
}
