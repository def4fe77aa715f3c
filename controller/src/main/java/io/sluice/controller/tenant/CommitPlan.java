package io.sluice.controller.tenant;

import io.sluice.controller.store.Transaction;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.TenantModel;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.pcollections.PMap;

/**
 * Turns a {@link Changes} computed from a {@link TenantState} into one store transaction: every record written
 * or deleted carries a precondition on the mod revision it was read at (or on its absence), every record only
 * read too, and each allocation a record holds (a port's addresses and MAC, a network's VNI, flat physical
 * network or VLAN id, a port forwarding's external and internal sockets, a port's MPLS label) is a guard
 * document created with a must-not-exist precondition in the same commit, and deleted with the allocation; a
 * released MPLS label's guard is instead rewritten with the release time, and a label taken again after its
 * quarantine is conditioned on that guard's revision. Then gives the state the commit leads to, without reading
 * the store back.
 */
final class CommitPlan {
    private final TenantState before;
    private final Changes changes;
    private final TenantCodec codec;
    private final Instant now;
    private final Transaction.Builder transaction = Transaction.builder();
    private final Set<ResourceKey> conditioned = new HashSet<>();
    private final Map<ResourceKey, StandardAttributes> standards = new HashMap<>();
    /** The labels this commit releases, and those it takes. */
    private final Set<Integer> releasedLabels = new HashSet<>();
    private final Set<Integer> takenLabels = new HashSet<>();

    CommitPlan(TenantState before, Changes changes, TenantCodec codec, Instant now) {
        this.before = before;
        this.changes = changes;
        this.codec = codec;
        this.now = now;
        for (Changes.Put put : changes.puts()) {
            StandardAttributes standard = before.standard(put.key())
                    .map(s -> s.updated(put.description(), now))
                    .orElseGet(() -> new StandardAttributes(put.description(), now, now));
            standards.put(put.key(), standard);
            condition(put.key());
            transaction.put(put.key().kind().storeName(), put.key().id(), codec.encode(put.record(), standard));
            guards(before.model(), put.key(), put.record());
        }
        for (ResourceKey key : changes.deletes()) {
            if (before.revisions().containsKey(key)) {
                condition(key);
                transaction.delete(key.kind().storeName(), key.id());
                guards(before.model(), key, null);
            }
        }
        changes.quotas().forEach((project, limits) -> {
            ResourceKey key = ResourceKey.quota(project);
            condition(key);
            if (limits.isEmpty()) {
                transaction.delete(key.kind().storeName(), key.id());
            } else {
                transaction.put(key.kind().storeName(), key.id(), codec.encodeQuota(limits));
            }
        });
        changes.routerHosts().forEach((router, host) -> {
            ResourceKey key = ResourceKey.routerHost(router);
            condition(key);
            if (host == null) {
                if (before.revisions().containsKey(key)) {
                    transaction.delete(key.kind().storeName(), key.id());
                }
            } else {
                transaction.put(key.kind().storeName(), key.id(), codec.encodeRouterHost(host));
            }
        });
        changes.reads().forEach(this::condition);
    }

    Transaction transaction() {
        return transaction.build();
    }

    /**
     * The state once the transaction has committed as {@code revision}, applied to {@code base}: the state it was
     * planned from, or a newer one (the preconditions held, so what the plan touches is as it was planned).
     */
    TenantState after(TenantState base, long revision) {
        ModelMaps maps = ModelMaps.of(base.model());
        PMap<ResourceKey, StandardAttributes> standard = PersistentMaps.of(base.standard());
        PMap<String, Map<String, Integer>> quotas = PersistentMaps.of(base.quotas());
        PMap<ResourceKey, Long> revisions = PersistentMaps.of(base.revisions());
        PMap<Integer, Instant> released = PersistentMaps.of(base.releasedLabels());
        for (Changes.Put put : changes.puts()) {
            maps.put(put.key(), codec.withRevision(put.record(), revision));
            standard = standard.plus(put.key(), standards.get(put.key()));
            revisions = revisions.plus(put.key(), revision);
        }
        for (ResourceKey key : changes.deletes()) {
            maps.remove(key);
            standard = standard.minus(key);
            revisions = revisions.minus(key);
        }
        for (Map.Entry<String, Map<String, Integer>> quota : changes.quotas().entrySet()) {
            ResourceKey key = ResourceKey.quota(quota.getKey());
            if (quota.getValue().isEmpty()) {
                quotas = quotas.minus(quota.getKey());
                revisions = revisions.minus(key);
            } else {
                quotas = quotas.plus(quota.getKey(), quota.getValue());
                revisions = revisions.plus(key, revision);
            }
        }
        for (Map.Entry<String, String> routerHost : changes.routerHosts().entrySet()) {
            maps.routerHost(routerHost.getKey(), routerHost.getValue());
            ResourceKey key = ResourceKey.routerHost(routerHost.getKey());
            revisions = routerHost.getValue() == null ? revisions.minus(key) : revisions.plus(key, revision);
        }
        for (int label : takenLabels) {
            released = released.minus(label);
            revisions = revisions.minus(labelGuard(label));
        }
        for (int label : releasedLabels) {
            released = released.plus(label, now);
            revisions = revisions.plus(labelGuard(label), revision);
        }
        return new TenantState(maps.model(revision), standard, quotas, revisions, released);
    }

    private void condition(ResourceKey key) {
        if (!conditioned.add(key)) {
            return;
        }
        Long revision = before.revisions().get(key);
        if (revision == null) {
            transaction.expectAbsent(key.kind().storeName(), key.id());
        } else {
            transaction.expectRevision(key.kind().storeName(), key.id(), revision);
        }
    }

    /** Creates the guards the new version holds and the old did not; deletes those only the old held. */
    private void guards(TenantModel model, ResourceKey key, Object record) {
        Object old = ModelMaps.record(model, key);
        Set<ResourceKey> held = guardsOf(old);
        Set<ResourceKey> holds = guardsOf(record);
        for (ResourceKey guard : holds) {
            if (!held.contains(guard)) {
                // Absent, or a released label's guard as it was read (a label in quarantine is never chosen).
                condition(guard);
                transaction.put(guard.kind().storeName(), guard.id(), codec.encodeGuard(key));
                if (guard.kind() == Kind.MPLS_LABEL) {
                    takenLabels.add(Integer.valueOf(guard.id()));
                }
            }
        }
        for (ResourceKey guard : held) {
            if (holds.contains(guard)) {
                continue;
            }
            if (guard.kind() == Kind.MPLS_LABEL) {
                transaction.put(guard.kind().storeName(), guard.id(), codec.encodeReleasedGuard(key, now));
                releasedLabels.add(Integer.valueOf(guard.id()));
            } else {
                transaction.delete(guard.kind().storeName(), guard.id());
            }
        }
    }

    static ResourceKey labelGuard(int label) {
        return new ResourceKey(Kind.MPLS_LABEL, String.valueOf(label));
    }

    static Set<ResourceKey> guardsOf(Object record) {
        Set<ResourceKey> guards = new HashSet<>();
        if (record instanceof Network network && network.type().isOverlay()) {
            guards.add(new ResourceKey(Kind.VNI, String.valueOf(network.segmentationId())));
        } else if (record instanceof Network network && network.type() == NetworkType.FLAT) {
            guards.add(new ResourceKey(Kind.FLAT, network.physicalNetwork()));
        } else if (record instanceof Network network && network.type() == NetworkType.VLAN) {
            guards.add(new ResourceKey(Kind.VLAN, network.physicalNetwork() + "/" + network.segmentationId()));
        } else if (record instanceof Port port) {
            guards.add(new ResourceKey(Kind.MAC, port.networkId() + "/" + port.macAddress()));
            for (FixedIp ip : port.fixedIps()) {
                guards.add(new ResourceKey(Kind.IP, ip.subnetId() + "/" + ip.ipAddress()));
            }
            port.binding().labels().forEach(label -> guards.add(labelGuard(label)));
        } else if (record instanceof PortForwarding forwarding) {
            guards.add(new ResourceKey(Kind.FORWARDED_PORT, forwarding.floatingIpId() + "/" + forwarding.protocol()
                    + "/" + forwarding.externalPort()));
            guards.add(new ResourceKey(Kind.FORWARD_TARGET, forwarding.internalPortId() + "/"
                    + forwarding.internalIpAddress() + "/" + forwarding.protocol() + "/" + forwarding.internalPort()));
        }
        return guards;
    }
}
