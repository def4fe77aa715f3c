package io.sluice.dataplane.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.dataplane.jsonrpc.ConnectionClosedException;
import io.sluice.dataplane.jsonrpc.JsonRpcException;
import io.sluice.dataplane.testing.Await;
import io.sluice.dataplane.testing.ConnectedOvsdb;
import io.sluice.dataplane.testing.RequiresOvs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** OvsdbClient against a real ovsdb-server (no ovs-vswitchd needed). */
@RequiresOvs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OvsdbClientE2ETest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @AutoClose
    private ConnectedOvsdb ovsdb;

    @BeforeAll
    void start() throws Exception {
        ovsdb = ConnectedOvsdb.startOvsdb();
    }

    @Test
    void listsDatabases() throws Exception {
        assertThat(ovsdb.client().listDbs().get(5, TimeUnit.SECONDS)).contains("Open_vSwitch");
    }

    @Test
    void transactReturnsOneResultPerOperation() throws Exception {
        List<JsonNode> results = ovsdb.client().transact(VswitchSchema.DB,
                Ops.select(VswitchSchema.ROOT, Ops.where(), List.of("_uuid")),
                Ops.select(VswitchSchema.BRIDGE, Ops.where(Ops.eq("name", "no-such-bridge")), List.of("name")))
                .get(5, TimeUnit.SECONDS);

        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("rows")).hasSize(1);
        assertThat(results.get(1).get("rows")).isEmpty();
    }

    @Test
    void surfacesTheFailedOperation() {
        CompletableFuture<List<JsonNode>> invalid = ovsdb.client().transact(VswitchSchema.DB,
                Ops.select(VswitchSchema.BRIDGE, Ops.where(), List.of("name")),
                Ops.update(VswitchSchema.BRIDGE, Ops.where(), Ops.row().put("fail_mode", "bogus")));

        assertThat(invalid).failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(OvsdbTransactionException.class)
                .withMessageStartingWith("OVSDB transaction on Open_vSwitch failed at op #1 (update Bridge): "
                        + "constraint violation: bogus is not one of the allowed values");
    }

    @Test
    void surfacesRequestErrors() {
        assertThat(ovsdb.client().transact("No_Such_Db", Ops.select("Bridge", Ops.where(), List.of("name"))))
                .failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(JsonRpcException.class)
                .withMessageContaining("unknown database");
    }

    @Test
    void monitorDeliversInitialContentsThenUpdates() throws Exception {
        ovsdb.bed().vsctl("add-br", "br-mon", "--", "set", "bridge", "br-mon", "datapath_type=netdev");
        List<RowUpdate> seen = new CopyOnWriteArrayList<>();
        ovsdb.client().monitor(VswitchSchema.DB, "ports", Map.of(VswitchSchema.PORT, List.of("name")), seen::addAll)
                .get(5, TimeUnit.SECONDS);
        assertThat(seen).extracting(update -> update.column("name").asText()).contains("br-mon");

        ovsdb.bed().vsctl("add-port", "br-mon", "p1", "--", "set", "interface", "p1", "type=internal");
        Await.until(TIMEOUT, "insert of port p1", () -> seen.stream()
                .anyMatch(u -> !u.isDelete() && u.oldRow() == null && u.column("name").asText().equals("p1")));

        ovsdb.bed().vsctl("del-port", "br-mon", "p1");
        Await.until(TIMEOUT, "delete of port p1", () -> seen.stream()
                .anyMatch(u -> u.isDelete() && u.column("name").asText().equals("p1")));

        ovsdb.client().monitorCancel("ports").get(5, TimeUnit.SECONDS);
        ovsdb.bed().vsctl("del-br", "br-mon");
    }

    @Test
    void aClosedConnectionFailsItsPendingCalls() throws Exception {
        OvsdbClient doomed = ovsdb.connect();
        // A wait with a timeout that is never satisfied keeps the transaction pending on the server.
        ObjectNode blocking = Ops.waitUntilEqual(VswitchSchema.BRIDGE, Ops.where(Ops.eq("name", "never")),
                List.of("name"), List.of(Ops.row().put("name", "never"))).put("timeout", 60_000);
        CompletableFuture<List<JsonNode>> pending = doomed.transact(VswitchSchema.DB, blocking);
        Thread.sleep(200);
        assertThat(pending).isNotDone();

        doomed.close();

        assertThat(pending).failsWithin(TIMEOUT).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(ConnectionClosedException.class);
        assertThat(doomed.closeFuture()).succeedsWithin(TIMEOUT);
        // The shared connection is unaffected.
        assertThat(ovsdb.client().listDbs().get(5, TimeUnit.SECONDS)).contains("Open_vSwitch");
    }
}
