package io.sluice.controller.tenant;

import io.sluice.controller.audit.AuditFinding;
import io.sluice.controller.store.ConflictException;
import io.sluice.controller.store.Entry;
import io.sluice.controller.store.Listing;
import io.sluice.controller.store.Store;
import io.sluice.controller.store.StoreUnavailableException;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.TenantModel;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant model in the store: networks, subnets, ports, routers, floating IPs and port forwardings as JSON
 * documents, quotas, router-to-host bindings, and the guards that keep addresses, MACs, VNIs, forwarded ports
 * and MPLS labels unique (see {@link CommitPlan}). Holds the current {@link TenantState} in memory, kept
 * up to date by the store's watch and, for its own commits, right after they commit, so a read that follows a
 * write sees it.
 *
 * <p>Changes go through {@link #mutate}: computed from the current state, committed atomically with
 * preconditions on everything they read, retried on a conflict. Mutations in this process are serialized; the
 * preconditions are what keeps writers in other processes (a replicated store) from racing.
 */
public final class TenantRepository implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TenantRepository.class);
    /** Tries of one mutation before its conflict is reported. */
    static final int ATTEMPTS = 5;

    private final Store store;
    private final Clock clock;
    private final TenantCodec codec = new TenantCodec();
    private final ModelNotifier notifier = new ModelNotifier();
    private final StateFollower follower;
    private final ReentrantLock writer = new ReentrantLock();

    /**
     * Loads the tenant documents and follows the store's changes from there.
     *
     * @param clock the time of created_at / updated_at
     * @throws StoreUnavailableException if the store cannot be read
     */
    public TenantRepository(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.follower = new StateFollower(this::load, notifier, store::watch);
    }

    /** The time by the repository's clock: what commits stamp, and what a label's quarantine is measured by. */
    public Instant now() {
        return clock.instant();
    }

    /** The model now: what the controller compiles. */
    public TenantModel current() {
        return follower.state().model();
    }

    /** The model with standard attributes, quotas and revisions: what the API reads. */
    public TenantState state() {
        return follower.state();
    }

    /**
     * Computes a change from the current state and commits it atomically; on a conflict (another writer changed
     * what the change read) computes it again from the newer state, up to {@value #ATTEMPTS} times. Exceptions the
     * function throws (a rejected request) come out unchanged, and nothing is written.
     *
     * @return the state right after the commit (the current one if the change was empty)
     * @throws ConflictException         if every attempt conflicted
     * @throws StoreUnavailableException if the store could not commit; nothing was written
     */
    public TenantState mutate(Function<TenantState, Changes> change) {
        writer.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                TenantState before = follower.state();
                Changes changes = change.apply(before);
                if (changes.isEmpty()) {
                    return before;
                }
                CommitPlan plan = new CommitPlan(before, changes, codec, clock.instant());
                try {
                    return follower.commit(() -> store.commit(plan.transaction()), plan::after);
                } catch (ConflictException e) {
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                    log.info("tenant commit conflicted ({}); attempt {} of {}", e.getMessage(), attempt + 1, ATTEMPTS);
                    follower.resync();
                }
            }
        } finally {
            writer.unlock();
        }
    }

    /**
     * Writes the statuses the controller decided (port id to status), only those that differ; ports gone
     * meanwhile are skipped.
     */
    public TenantState setPortStatuses(Map<String, PortStatus> statuses) {
        return mutate(state -> {
            Changes changes = Changes.of();
            statuses.forEach((id, status) -> {
                Port port = state.model().ports().get(id);
                if (port != null && port.status() != status) {
                    changes.put(port.withStatus(status));
                }
            });
            return changes;
        });
    }

    /**
     * Writes the floating IP statuses the controller decided (floating IP id to status), only those that differ;
     * floating IPs gone meanwhile are skipped.
     */
    public TenantState setFloatingIpStatuses(Map<String, PortStatus> statuses) {
        return mutate(state -> {
            Changes changes = Changes.of();
            statuses.forEach((id, status) -> {
                FloatingIp fip = state.model().floatingIps().get(id);
                if (fip != null && fip.status() != status) {
                    changes.put(new FloatingIp(fip.id(), fip.projectId(), fip.floatingNetworkId(),
                            fip.floatingIpAddress(), fip.portId(), fip.fixedIpAddress(), fip.routerId(),
                            fip.description(), status, fip.revision()), null);
                }
            });
            return changes;
        });
    }

    /**
     * Calls the watcher with the current model, then with each newer one, on a thread of the repository's (a
     * model superseded before the watcher is free is skipped).
     *
     * @return closing it stops the calls
     */
    public AutoCloseable watch(Consumer<TenantModel> watcher) {
        return notifier.add(watcher, current());
    }

    @Override
    public void close() {
        follower.close();
        notifier.close();
    }

    /**
     * Compares the allocation guards in the store with the records at the same revision (see
     * {@link AllocationAudit}).
     */
    public List<AuditFinding> auditAllocations() {
        Map<Kind, Listing> listings = listingsAtOneRevision(kind -> isStateKind(kind) || kind.guardsAllocation());
        Map<ResourceKey, AllocationAudit.Guard> guards = new HashMap<>();
        listings.forEach((kind, listing) -> {
            if (kind.guardsAllocation()) {
                for (Entry entry : listing.entries()) {
                    guards.put(new ResourceKey(kind, entry.id()), new AllocationAudit.Guard(
                            codec.decodeGuardHolder(entry.value()), codec.releasedAt(entry.value()).isPresent()));
                }
            }
        });
        listings.keySet().removeIf(kind -> !isStateKind(kind));
        long revision = listings.values().iterator().next().revision();
        return AllocationAudit.compare(decode(listings, revision).model(), guards);
    }

    /** Every tenant document at one store revision. */
    private TenantState load() {
        Map<Kind, Listing> listings = listingsAtOneRevision(TenantRepository::isStateKind);
        return decode(listings, listings.values().iterator().next().revision());
    }

    /** The kinds a {@link TenantState} is decoded from. */
    private static boolean isStateKind(Kind kind) {
        return kind.holdsRecords() || kind == Kind.QUOTA || kind == Kind.ROUTER_HOST || kind == Kind.MPLS_LABEL;
    }

    /** The kinds are listed until all listings reflect the same revision (a commit between two sends the loop round). */
    private Map<Kind, Listing> listingsAtOneRevision(Predicate<Kind> wanted) {
        while (true) {
            Map<Kind, Listing> listings = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                if (wanted.test(kind)) {
                    listings.put(kind, store.listing(kind.storeName()));
                }
            }
            if (listings.values().stream().map(Listing::revision).distinct().count() == 1) {
                return listings;
            }
        }
    }

    private TenantState decode(Map<Kind, Listing> listings, long revision) {
        ModelMaps maps = ModelMaps.empty();
        Map<ResourceKey, StandardAttributes> standard = new HashMap<>();
        Map<String, Map<String, Integer>> quotas = new HashMap<>();
        Map<ResourceKey, Long> revisions = new HashMap<>();
        Map<Integer, Instant> releasedLabels = new HashMap<>();
        listings.forEach((kind, listing) -> {
            if (kind.holdsRecords()) {
                // Decoding is most of a load (100,000 ports): the documents are decoded on every core.
                List<Entry> entries = listing.entries();
                TenantCodec.Stored[] decoded = new TenantCodec.Stored[entries.size()];
                IntStream.range(0, entries.size()).parallel().forEach(at ->
                        decoded[at] = codec.decode(kind, entries.get(at).value(), entries.get(at).modRevision()));
                Map<String, Object> records = new HashMap<>();
                for (int at = 0; at < decoded.length; at++) {
                    ResourceKey key = new ResourceKey(kind, entries.get(at).id());
                    revisions.put(key, entries.get(at).modRevision());
                    records.put(key.id(), decoded[at].record());
                    standard.put(key, decoded[at].standard());
                }
                maps.putAll(kind, records);
                return;
            }
            for (Entry entry : listing.entries()) {
                ResourceKey key = new ResourceKey(kind, entry.id());
                if (kind == Kind.MPLS_LABEL) {
                    // A held label's guard is the port's business; only released ones are state of their own.
                    codec.releasedAt(entry.value()).ifPresent(at -> {
                        releasedLabels.put(Integer.valueOf(entry.id()), at);
                        revisions.put(key, entry.modRevision());
                    });
                    continue;
                }
                revisions.put(key, entry.modRevision());
                if (kind == Kind.QUOTA) {
                    quotas.put(entry.id(), codec.decodeQuota(entry.value()));
                } else if (kind == Kind.ROUTER_HOST) {
                    maps.routerHost(entry.id(), codec.decodeRouterHost(entry.value()));
                }
            }
        });
        return new TenantState(maps.model(revision), standard, quotas, revisions, releasedLabels);
    }

    static boolean isTenantKind(String storeKind) {
        return Arrays.stream(Kind.values()).anyMatch(k -> k.storeName().equals(storeKind));
    }
}
