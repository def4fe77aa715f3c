package io.sluice.controller.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.controller.store.Store;
import io.sluice.controller.store.StoreException;
import io.sluice.controller.store.StoreUnavailableException;
import io.sluice.controller.store.Transaction;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What agents reported, kept in the store (kinds "agent" and "agent_ports", one document per host), as
 * Neutron keeps its agents and port bindings in its database: a restarted controller then knows every host
 * and every plugged port at once and reconciles switches against their whole desired state, instead of
 * deleting the flows of hosts whose agents have not reconnected yet.
 *
 * <p>Facts are written behind, the latest version of each, all that are waiting in one commit: a thousand
 * hypervisors plugging a hundred VMs each report 100,000 times in a few minutes, and a durable commit each
 * (an fsync) held the writer's thread, and the port statuses queued behind it, for many minutes. A fact the
 * store cannot take (its disk full) waits with the others for a later write: a restart must not find the facts
 * of before the outage.
 */
public final class StoredAgentFacts implements AgentRegistry.Persistence {
    private static final Logger log = LoggerFactory.getLogger(StoredAgentFacts.class);
    static final String AGENT = "agent";
    static final String AGENT_PORTS = "agent_ports";

    private final Store store;
    private final Executor writer;
    private final Consumer<Runnable> later;
    private final ObjectMapper json = new ObjectMapper();
    /** The latest version of each fact not yet written. */
    private final Map<Fact, byte[]> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean writeQueued = new AtomicBoolean();
    private final AtomicBoolean retryPending = new AtomicBoolean();
    /** Whether the last write was refused: warned once, not per fact. */
    private volatile boolean refused;

    private record Fact(String kind, String id) {
    }

    /**
     * @param writer runs the store writes, in order, off the network threads
     * @param later runs a retry of refused writes on the writer after a pause (the store will not be back at once)
     */
    public StoredAgentFacts(Store store, Executor writer, Consumer<Runnable> later) {
        this.store = store;
        this.writer = writer;
        this.later = later;
    }

    /** Puts the persisted agents and ports back into the registry. */
    public void restoreInto(AgentRegistry registry) {
        List<AgentInfo> infos = new ArrayList<>();
        for (var entry : store.list(AGENT)) {
            read(entry.value(), AgentInfo.class, entry.id()).ifPresent(infos::add);
        }
        Map<String, List<PortReport>> ports = new HashMap<>();
        for (var entry : store.list(AGENT_PORTS)) {
            read(entry.value(), PortReport[].class, entry.id()).ifPresent(r -> ports.put(entry.id(), Arrays.asList(r)));
        }
        registry.restore(infos, ports);
    }

    @Override
    public void saveAgent(AgentInfo info) {
        save(AGENT, info.host(), info);
    }

    @Override
    public void savePorts(String host, List<PortReport> reports) {
        save(AGENT_PORTS, host, reports);
    }

    private void save(String kind, String id, Object value) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + kind + " " + id, e);
        }
        waiting.put(new Fact(kind, id), bytes);
        if (writeQueued.compareAndSet(false, true)) {
            writer.execute(this::writeWaiting);
        }
    }

    /** Writes every waiting fact in one commit; those the store refuses wait for a retry unless newer came. */
    private void writeWaiting() {
        writeQueued.set(false);
        Map<Fact, byte[]> batch = new HashMap<>();
        waiting.forEach((fact, bytes) -> {
            if (waiting.remove(fact, bytes)) {
                batch.put(fact, bytes);
            }
        });
        if (batch.isEmpty()) {
            return;
        }
        Transaction.Builder transaction = Transaction.builder();
        batch.forEach((fact, bytes) -> transaction.put(fact.kind(), fact.id(), bytes));
        try {
            store.commit(transaction.build());
            if (refused) {
                refused = false;
                log.info("agent facts written again ({} waiting ones)", batch.size());
            }
        } catch (StoreUnavailableException e) {
            batch.forEach(waiting::putIfAbsent);
            if (!refused) {
                refused = true;
                log.warn("could not persist {} agent facts, will retry: {}", batch.size(), e.toString());
            }
            if (retryPending.compareAndSet(false, true)) {
                later.accept(this::retryWaiting);
            }
        } catch (StoreException e) {
            log.warn("could not persist agent facts {}: {}", batch.keySet(), e.toString());
        }
    }

    private void retryWaiting() {
        retryPending.set(false);
        writeWaiting();
    }

    private <T> Optional<T> read(byte[] bytes, Class<T> type, String id) {
        try {
            return Optional.of(json.readValue(bytes, type));
        } catch (IOException e) {
            log.warn("ignoring an unreadable stored {} for {}: {}", type.getSimpleName(), id, e.getMessage());
            return Optional.empty();
        }
    }
}
