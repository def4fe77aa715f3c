package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.ControllerCrashE2ETest.Neutron;
import io.sluice.e2e.ControllerCrashE2ETest.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the tests of a failing store disk check through the Neutron API, on one network of alice's: every kind of
 * write refused with 503 and a NeutronError body while nothing changes and reads and tokens go on, writes working
 * again, and a kill -9 restart reading back exactly what was acknowledged, guards and all.
 */
final class StoreFaultChecks {
    private final Neutron alice;
    private final Neutron admin;
    private final String network;

    private StoreFaultChecks(Neutron alice, Neutron admin, String network) {
        this.alice = alice;
        this.admin = admin;
        this.network = network;
    }

    /** Alice's network "disk-net" with a subnet of {@code cidr} and one port named "before". */
    static StoreFaultChecks onNewNetwork(Neutron alice, Neutron admin, String cidr) {
        String network = alice.create("networks", "{\"network\": {\"name\": \"disk-net\"}}").path("id").asText();
        alice.create("subnets", "{\"subnet\": {\"network_id\": \"" + network + "\", \"ip_version\": 4, "
                + "\"cidr\": \"" + cidr + "\"}}");
        alice.create("ports", "{\"port\": {\"network_id\": \"" + network + "\", \"name\": \"before\"}}");
        return new StoreFaultChecks(alice, admin, network);
    }

    String network() {
        return network;
    }

    /**
     * Every kind of write is refused cleanly, nothing changes, and reads and new tokens still work; returns the
     * slowest refusal (the client gives up after 10 s, so a hung write fails here).
     */
    Duration assertRefusedAndReadsUnchanged(String disk, Map<String, JsonNode> before, String port) {
        Map<String, Response> writes = new LinkedHashMap<>();
        Map<String, Duration> took = new LinkedHashMap<>();
        timed(writes, took, "create a network", () -> alice.send("POST", "/v2.0/networks",
                "{\"network\": {\"name\": \"late\"}}"));
        timed(writes, took, "create a port", () -> alice.send("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \""
                + network + "\"}}"));
        timed(writes, took, "update a port", () -> alice.send("PUT", "/v2.0/ports/" + port,
                "{\"port\": {\"name\": \"renamed\"}}"));
        timed(writes, took, "delete a port", () -> alice.send("DELETE", "/v2.0/ports/" + port, null));
        writes.forEach((what, response) -> {
            String as = what + " on " + disk + ": " + response.status() + " " + response.body();
            assertThat(response.status()).as(as).isEqualTo(503);
            assertThat(response.json()).as(as).isNotNull();
            assertThat(response.json().at("/NeutronError/type").asText()).as(as).isEqualTo("ServiceUnavailable");
            assertThat(response.json().at("/NeutronError/message").asText()).as(as).isNotBlank();
            assertThat(response.body()).as(as).doesNotContain("Exception").doesNotContain("\tat ");
        });
        assertThat(apiState()).as("what the API shows on %s", disk).isEqualTo(before);
        Neutron freshSession = alice.copy();
        assertThat(freshSession.get("/v2.0/networks/" + network).at("/network/id").asText())
                .as("a read with a token issued on %s", disk).isEqualTo(network);
        return took.values().stream().max(Duration::compareTo).orElseThrow();
    }

    private static void timed(Map<String, Response> writes, Map<String, Duration> took, String what,
            Supplier<Response> write) {
        Instant sent = Instant.now();
        writes.put(what, write.get());
        took.put(what, Duration.between(sent, Instant.now()));
    }

    /** A port created, another updated and the new one deleted, each answered as Neutron does. */
    void assertWritesWork(String when, String port) {
        JsonNode created = alice.create("ports", "{\"port\": {\"network_id\": \"" + network + "\", \"name\": \""
                + "after-" + when.replace(' ', '-') + "\"}}");
        assertThat(created.path("fixed_ips")).as("the port created when %s", when).hasSize(1);
        Response described = alice.send("PUT", "/v2.0/ports/" + port, "{\"port\": {\"description\": \"" + when
                + "\"}}");
        assertThat(described.status()).as("update when %s: %s", when, described.body()).isEqualTo(200);
        assertThat(described.json().at("/port/description").asText()).isEqualTo(when);
        Response deleted = alice.send("DELETE", "/v2.0/ports/" + created.path("id").asText(), null);
        assertThat(deleted.status()).as("delete when %s: %s", when, deleted.body()).isEqualTo(204);
    }

    /**
     * Kills the controller with SIGKILL, restarts it, and checks that the API shows what it showed before and that
     * the store's guards (read from the state directory {@code stoppedState} gives once the controller is stopped
     * again) are those the records hold; returns how many ports were read back. The controller is left stopped.
     */
    int assertKillNineReadsBackWithGuards(SluiceCluster sluice, List<String> hosts, Supplier<Path> stoppedState)
            throws InterruptedException {
        Map<String, JsonNode> before = apiState();
        sluice.killController();
        Instant restarted = Instant.now();
        sluice.startController();
        sluice.awaitConverged(hosts, restarted, FaultBed.CONVERGE);
        assertThat(apiState()).as("networks, subnets and ports after the kill -9").isEqualTo(before);
        Map<String, String> guardsOfRecords = StoreGuards.ofRecords(admin.get("/v2.0/networks").path("networks"),
                admin.get("/v2.0/ports").path("ports"));
        sluice.stopController();
        assertThat(StoreGuards.inStore(stoppedState.get())).as("the store's guards against what the records hold")
                .containsExactlyInAnyOrderEntriesOf(guardsOfRecords);
        return before.get("ports").size();
    }

    String portNamed(String name) {
        for (JsonNode port : alice.get("/v2.0/ports?name=" + name).path("ports")) {
            return port.path("id").asText();
        }
        throw new AssertionError("no port named " + name);
    }

    /** Every network, subnet and port as alice lists them. */
    Map<String, JsonNode> apiState() {
        Map<String, JsonNode> api = new LinkedHashMap<>();
        for (String collection : List.of("networks", "subnets", "ports")) {
            api.put(collection, alice.get("/v2.0/" + collection).path(collection));
        }
        return api;
    }
}
