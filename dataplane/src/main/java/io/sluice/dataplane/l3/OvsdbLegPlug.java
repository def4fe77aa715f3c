package io.sluice.dataplane.l3;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.DB;
import static io.sluice.dataplane.ovsdb.VswitchSchema.INTERFACE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.PORT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.dataplane.net.Futures;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import io.sluice.dataplane.ovsdb.Ops;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Plugs router legs into br-int os-vif style, as a VM's tap: {@code external_ids:iface-id} = the port id,
 * {@code attached-mac}, {@code iface-status=active}, so the node agent reports them like any port and the
 * controller switches them. Each call is one OVSDB transaction (two for an unplug: find, then remove).
 */
public final class OvsdbLegPlug implements LegPlug {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<OvsdbClient> client;
    private final String bridge;

    /** @param client the agent's current OVSDB connection */
    public OvsdbLegPlug(Supplier<OvsdbClient> client, String bridge) {
        this.client = client;
        this.bridge = bridge;
    }

    @Override
    public Set<String> plugged(String prefix) {
        List<JsonNode> results = await(connection().transact(DB,
                Ops.select(INTERFACE, Ops.where(), List.of("name"))));
        List<String> names = new ArrayList<>();
        results.get(0).path("rows").forEach(row -> names.add(row.path("name").asText()));
        return names.stream().filter(name -> name.startsWith(prefix)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void plug(List<Plug> plugs) {
        List<ObjectNode> ops = new ArrayList<>();
        List<JsonNode> ports = new ArrayList<>();
        for (int i = 0; i < plugs.size(); i++) {
            Plug plug = plugs.get(i);
            ObjectNode iface = Ops.row().put("name", plug.device());
            iface.set("external_ids", Atoms.map(Map.of("iface-id", plug.portId(), "attached-mac", plug.mac(),
                    "iface-status", "active")));
            ops.add(Ops.insert(INTERFACE, iface, "iface" + i));
            ObjectNode port = Ops.row().put("name", plug.device());
            port.set("interfaces", Atoms.namedUuid("iface" + i));
            ops.add(Ops.insert(PORT, port, "port" + i));
            ports.add(Atoms.namedUuid("port" + i));
        }
        ops.add(Ops.mutate(BRIDGE, Ops.where(Ops.eq("name", bridge)),
                List.of(Ops.mutation("ports", "insert", Atoms.set(ports)))));
        await(connection().transact(DB, ops));
    }

    @Override
    public void unplug(Collection<String> devices) {
        if (devices.isEmpty()) {
            return;
        }
        OvsdbClient connection = connection();
        List<ObjectNode> selects = devices.stream()
                .map(name -> Ops.select(PORT, Ops.where(Ops.eq("name", name)), List.of("_uuid"))).toList();
        List<JsonNode> uuids = new ArrayList<>();
        await(connection.transact(DB, selects))
                .forEach(result -> result.path("rows").forEach(row -> uuids.add(row.get("_uuid"))));
        if (uuids.isEmpty()) {
            return;
        }
        // A port no bridge refers to is garbage-collected by ovsdb-server, with its interface.
        ArrayNode removed = Atoms.set(uuids);
        await(connection.transact(DB, Ops.mutate(BRIDGE, Ops.where(Ops.eq("name", bridge)),
                List.of(Ops.mutation("ports", "delete", removed)))));
    }

    private OvsdbClient connection() {
        OvsdbClient current = client.get();
        if (current == null) {
            throw new IllegalStateException("not connected to ovsdb-server");
        }
        return current;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for ovsdb-server", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("ovsdb-server: " + Futures.unwrap(e).getMessage(), Futures.unwrap(e));
        } catch (TimeoutException e) {
            throw new IllegalStateException("ovsdb-server did not answer within " + TIMEOUT.toSeconds() + " s", e);
        }
    }
}
