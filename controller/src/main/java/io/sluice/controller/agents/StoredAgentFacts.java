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
 * deleting the flows of hosts whose agents have not reconnected yet. A fact the store cannot take (its disk
 * full) is written again later, its latest version only: a restart must not find the facts of before the outage.
 */
public final class StoredAgentFacts implements AgentRegistry.Persistence {
    private static final Logger log = LoggerFactory.getLogger(StoredAgentFacts.class);
    static final String AGENT = "agent";
    static final String AGENT_PORTS = "agent_ports";

    private final Store store;
    private final Executor writer;
    private final Consumer<Runnable> later;
    private final ObjectMapper json = new ObjectMapper();
    /** The latest version of each fact the store refused, until a write of it (or of a newer one) succeeds. */
    private final Map<Fact, byte[]> unsaved = new ConcurrentHashMap<>();
    private final AtomicBoolean retryPending = new AtomicBoolean();

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
        writer.execute(() -> write(new Fact(kind, id), bytes));
    }

    private void write(Fact fact, byte[] bytes) {
        try {
            store.commit(Transaction.builder().put(fact.kind(), fact.id(), bytes).build());
            unsaved.remove(fact);
        } catch (StoreUnavailableException e) {
            if (unsaved.put(fact, bytes) == null) {
                log.warn("could not persist {} {}, will retry: {}", fact.kind(), fact.id(), e.toString());
            }
            if (retryPending.compareAndSet(false, true)) {
                later.accept(this::retryUnsaved);
            }
        } catch (StoreException e) {
            log.warn("could not persist {} {}: {}", fact.kind(), fact.id(), e.toString());
        }
    }

    private void retryUnsaved() {
        retryPending.set(false);
        unsaved.forEach(this::write);
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
