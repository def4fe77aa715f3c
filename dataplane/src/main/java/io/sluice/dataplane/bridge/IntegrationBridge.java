package io.sluice.dataplane.bridge;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.DB;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.Ops;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import io.sluice.dataplane.ovsdb.OvsdbTransactionException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a bridge (br-int) exist and look as its {@link BridgeSpec} says, through OVSDB transactions on one
 * connection: read, plan ({@link BridgePlanner}), and write only if something differs. A write is guarded by
 * a {@code wait} on what was read; if a concurrent change makes it fail, the bridge is read again (up to
 * three attempts). Any other failed operation fails the future with {@link OvsdbTransactionException}.
 */
public final class IntegrationBridge {
    /** What {@link #ensure()} did. */
    public enum Outcome { UNCHANGED, CREATED, REPAIRED }

    private static final Logger log = LoggerFactory.getLogger(IntegrationBridge.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Pattern DATAPATH_ID = Pattern.compile("[0-9a-f]{16}");

    private final OvsdbClient ovsdb;
    private final BridgeSpec spec;
    private final BridgePlanner planner;
    private final ScheduledExecutorService timer;

    /** @param timer schedules the polls of {@link #awaitDatapathId(Duration)} */
    public IntegrationBridge(OvsdbClient ovsdb, BridgeSpec spec, ScheduledExecutorService timer) {
        this.ovsdb = ovsdb;
        this.spec = spec;
        this.planner = new BridgePlanner(spec);
        this.timer = timer;
    }

    public BridgeSpec spec() {
        return spec;
    }

    /** Creates or repairs the bridge; writes nothing when it is already right. */
    public CompletableFuture<Outcome> ensure() {
        return GuardedWrite.retrying(spec.name(), this::attempt);
    }

    private CompletableFuture<Outcome> attempt() {
        return ovsdb.transact(DB, BridgeState.readOps(spec.name()))
                .thenApply(BridgeState::parse)
                .thenApply(planner::plan)
                .thenCompose(this::apply);
    }

    private CompletableFuture<Outcome> apply(BridgePlanner.Plan plan) {
        if (plan.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.UNCHANGED);
        }
        return ovsdb.transact(DB, plan.ops()).thenApply(ignored -> {
            if (plan.creates()) {
                log.info("created {} (datapath_type {}, controller {})", spec.name(), spec.datapathType(),
                        spec.controllerTarget());
                return Outcome.CREATED;
            }
            log.warn("repaired {}: {}", spec.name(), String.join("; ", plan.repairs()));
            return Outcome.REPAIRED;
        });
    }

    /**
     * The bridge's datapath id as 16 lower-case hex digits. ovs-vswitchd fills it in shortly after it
     * creates the datapath, so this polls until it appears or {@code timeout} passes
     * ({@link TimeoutException}: is ovs-vswitchd running?).
     */
    public CompletableFuture<String> awaitDatapathId(Duration timeout) {
        CompletableFuture<String> result = new CompletableFuture<>();
        pollDatapathId(result, System.nanoTime() + timeout.toNanos(), timeout);
        return result;
    }

    private void pollDatapathId(CompletableFuture<String> result, long deadline, Duration timeout) {
        ovsdb.transact(DB, Ops.select(BRIDGE, Ops.where(Ops.eq("name", spec.name())), List.of("datapath_id")))
                .whenComplete((results, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                        return;
                    }
                    Optional<String> datapathId = datapathId(results.get(0).get("rows"));
                    if (datapathId.isPresent()) {
                        result.complete(datapathId.get());
                    } else if (System.nanoTime() - deadline > 0) {
                        result.completeExceptionally(new TimeoutException(spec.name() + " has no datapath_id after "
                                + timeout.toMillis() + " ms: is ovs-vswitchd running?"));
                    } else {
                        timer.schedule(() -> pollDatapathId(result, deadline, timeout),
                                POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                    }
                });
    }

    private static Optional<String> datapathId(JsonNode rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Atoms.optionalString(rows.get(0).get("datapath_id"))
                .map(id -> id.toLowerCase(Locale.ROOT))
                .filter(id -> DATAPATH_ID.matcher(id).matches());
    }
}
