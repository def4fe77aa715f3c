package io.sluice.northbound.viewer;

import io.sluice.models.tenant.TenantModel;
import io.sluice.northbound.neutron.Policy;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Tells each open viewer what changed, as it changes: the Neutron collections in which it sees a model change
 * (from the tenant repository's watch, the one the compilers follow), and the hosts whose agent died, came back
 * or registered. Agent death is the absence of heartbeats, not an event, so host health is compared with the
 * last one each time {@link #checkHealth()} runs, on the server's timer.
 */
final class TopologyEvents {
    /** An open viewer's stream; {@code send} must not block. */
    interface Subscriber {
        Policy policy();

        void send(String event, Map<String, Object> data);
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicReference<TenantModel> model = new AtomicReference<>(TenantModel.EMPTY);
    private final Supplier<List<HostHealth>> health;
    private Map<String, HostHealth> lastHealth = Map.of();

    TopologyEvents(Supplier<List<HostHealth>> health) {
        this.health = health;
    }

    /** Returns what ends the subscription. */
    Runnable subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** A new tenant model, in revision order. */
    void modelChanged(TenantModel next) {
        ModelChange change = new ModelChange(model.getAndSet(next), next);
        for (Subscriber subscriber : subscribers) {
            List<String> kinds = change.visibleTo(subscriber.policy());
            if (!kinds.isEmpty()) {
                subscriber.send("model", Map.of("revision", change.revision(), "kinds", kinds));
            }
        }
    }

    /** Compares every host's health with the last check's; the viewers that see a changed host are told. */
    synchronized void checkHealth() {
        Map<String, HostHealth> now = health.get().stream()
                .collect(Collectors.toMap(HostHealth::host, h -> h, (a, b) -> b));
        Set<String> changed = new HashSet<>(now.keySet());
        changed.addAll(lastHealth.keySet());
        changed.removeIf(host -> now.get(host) != null && now.get(host).equals(lastHealth.get(host)));
        lastHealth = now;
        if (changed.isEmpty()) {
            return;
        }
        TenantModel current = model.get();
        for (Subscriber subscriber : subscribers) {
            Policy policy = subscriber.policy();
            List<String> seen = changed.stream()
                    .filter(host -> policy.isAdmin() || TopologyView.used(current, policy).contains(host))
                    .sorted().toList();
            if (!seen.isEmpty()) {
                subscriber.send("hosts", Map.of("hosts", seen));
            }
        }
    }
}
