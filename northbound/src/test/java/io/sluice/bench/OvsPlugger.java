package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.Ops;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import io.sluice.dataplane.ovsdb.RowUpdate;
import io.sluice.dataplane.ovsdb.VswitchSchema;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plugs VM interfaces into one hypervisor's br-int as os-vif does: one persistent OVSDB connection (to the
 * host's ovsdb-server unix socket), one transaction per plug that adds the Interface (with iface-id,
 * attached-mac, iface-status and vm-uuid in external_ids) and its Port to br-int. The same connection
 * monitors Interface.ofport, so the benchmark sees when ovs-vswitchd has numbered the new port.
 */
final class OvsPlugger implements AutoCloseable {
    private final OvsdbClient client;
    /** Interface name to System.nanoTime() when its ofport was first seen assigned. */
    private final Map<String, Long> ofportSeen = new ConcurrentHashMap<>();

    private OvsPlugger(OvsdbClient client) {
        this.client = client;
    }

    static OvsPlugger connect(EventLoopGroup epoll, Path socket) throws Exception {
        OvsdbClient client = OvsdbClient.connect(epoll, socket, new ObjectMapper()).get(10, TimeUnit.SECONDS);
        OvsPlugger plugger = new OvsPlugger(client);
        client.monitor(VswitchSchema.DB, "bench-ofports", Map.of(VswitchSchema.INTERFACE, List.of("name", "ofport")),
                plugger::onUpdates).get(10, TimeUnit.SECONDS);
        return plugger;
    }

    private void onUpdates(List<RowUpdate> updates) {
        long now = System.nanoTime();
        for (RowUpdate update : updates) {
            if (!update.isDelete() && VswitchSchema.INTERFACE.equals(update.table())) {
                int ofport = Atoms.optionalInt(update.column("ofport")).orElse(-1);
                if (ofport > 0) {
                    ofportSeen.putIfAbsent(update.column("name").asText(), now);
                }
            }
        }
    }

    /** Adds the interface and its port to br-int in one transaction; returns the Port row's uuid. */
    String plug(String tap, String portId, String mac, String vmUuid) throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("iface-id", portId);
        ids.put("attached-mac", mac);
        ids.put("iface-status", "active");
        ids.put("vm-uuid", vmUuid);
        ObjectNode iface = Ops.row().put("name", tap);
        iface.set("external_ids", Atoms.map(ids));
        ObjectNode port = Ops.row().put("name", tap);
        port.set("interfaces", Atoms.namedUuid("iface"));
        ArrayNode bridge = Ops.where(Ops.eq("name", "br-int"));
        List<JsonNode> results = client.transact(VswitchSchema.DB, List.of(
                Ops.insert(VswitchSchema.INTERFACE, iface, "iface"),
                Ops.insert(VswitchSchema.PORT, port, "port"),
                Ops.mutate(VswitchSchema.BRIDGE, bridge, List.of(Ops.mutation("ports", "insert",
                        Atoms.set(Atoms.namedUuid("port"))))))).get(30, TimeUnit.SECONDS);
        if (results.get(2).path("count").asInt() != 1) {
            throw new IllegalStateException("no br-int to plug " + tap + " into");
        }
        return Atoms.uuidOf(results.get(1).path("uuid"));
    }

    /** Removes ports from br-int in one transaction (OVSDB collects the unreferenced Port and Interface rows). */
    void unplug(Collection<String> portUuids) throws Exception {
        if (portUuids.isEmpty()) {
            return;
        }
        client.transact(VswitchSchema.DB, List.of(Ops.mutate(VswitchSchema.BRIDGE,
                Ops.where(Ops.eq("name", "br-int")), List.of(Ops.mutation("ports", "delete",
                        Atoms.set(portUuids.stream().map(u -> (JsonNode) Atoms.uuid(u)).toList()))))))
                .get(60, TimeUnit.SECONDS);
    }

    /** When ovs-vswitchd's ofport for the interface was first seen, as System.nanoTime(), or null. */
    Long ofportSeenAt(String tap) {
        return ofportSeen.get(tap);
    }

    @Override
    public void close() {
        client.close();
    }
}
