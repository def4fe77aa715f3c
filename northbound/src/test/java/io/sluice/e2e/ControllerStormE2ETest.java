package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.ControllerCrashE2ETest.Neutron;
import io.sluice.e2e.ControllerCrashE2ETest.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 6's controller fault: kill -9 in the middle of a storm of 1,000 port creates from several API clients
 * at once (on a VXLAN network, and bound on an MPLS network so labels are taken too), which carry on against
 * the restarted controller, while vm1 (hv1) pings vm2 (hv2) every 10 ms. Every port that got a 201 is there as
 * acknowledged, none is half-made, the store's allocation guards are exactly those the records hold, and the
 * dataplane lost nothing.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerStormE2ETest {
    private static final String PREFIX = "ftstorm";
    private static final int STORM = 1000;
    private static final int CLIENTS = 4;
    /** Acknowledged creates before the kill -9: well into the storm, well before its end. */
    private static final int KILL_AFTER = 400;
    /** 1,021 pool addresses each: room for the whole storm on either network. */
    private static final String VXLAN_CIDR = "10.40.0.0/22";
    private static final String MPLS_CIDR = "10.44.0.0/22";

    private FaultBed faults;

    @BeforeAll
    void bringUp() throws Exception {
        faults = FaultBed.up(PREFIX);
    }

    @AfterAll
    void tearDown() {
        if (faults != null) {
            faults.close();
        }
    }

    @Test
    void killDashNineDuringAStormOfPortCreatesLosesNoAcknowledgedPortAndLeaksNoAllocation() throws Exception {
        SluiceCluster sluice = faults.sluice;
        String vxlan = network(faults.alice, "{\"name\": \"storm-vxlan\"}", VXLAN_CIDR);
        String mpls = network(faults.admin, "{\"name\": \"storm-mpls\", \"provider:network_type\": \"mpls\"}",
                MPLS_CIDR);
        for (String project : List.of("p-red", "p-admin")) {
            Response quota = faults.admin.send("PUT", "/v2.0/quotas/" + project, "{\"quota\": {\"port\": "
                    + 2 * STORM + "}}");
            assertThat(quota.status()).as("port quota of %s: %s", project, quota.body()).isEqualTo(200);
        }
        Storm storm = new Storm(vxlan, mpls);
        Map<String, String> guardsInStore;
        Map<String, String> guardsOfRecords;
        Map<String, JsonNode> stored;
        long stormMs;
        long convergedMs;
        int acknowledgedAtKill;
        Instant pingStopped;
        PingTrace trace;
        try (ContinuousPing ping = faults.pingAcross("storm-ping"); storm) {
            Thread.sleep(1000);
            long started = System.nanoTime();
            storm.start();
            SluiceCluster.await(KILL_AFTER + " creates acknowledged", FaultBed.CONVERGE.multipliedBy(4),
                    () -> storm.acknowledged.size() >= KILL_AFTER || storm.finished());
            long killed = System.nanoTime();
            sluice.killController();
            acknowledgedAtKill = storm.acknowledged.size();
            Instant restarted = Instant.now();
            sluice.startController();
            sluice.awaitConverged(faults.bed.hosts(), restarted, FaultBed.CONVERGE);
            convergedMs = (System.nanoTime() - killed) / 1_000_000;
            storm.awaitFinished();
            stormMs = (System.nanoTime() - started) / 1_000_000;

            // Each port as its creator sees it, as its 201 showed it (binding:* is the admin's only).
            stored = byId(faults.alice.get("/v2.0/ports?network_id=" + vxlan).path("ports"));
            stored.putAll(byId(faults.admin.get("/v2.0/ports?network_id=" + mpls).path("ports")));
            guardsOfRecords = StoreGuards.ofRecords(faults.admin.get("/v2.0/networks").path("networks"),
                    faults.admin.get("/v2.0/ports").path("ports"));
            sluice.stopController();
            guardsInStore = StoreGuards.inStore(sluice.workDir().resolve("state"));
            Instant startedAgain = Instant.now();
            sluice.startController();
            sluice.awaitConverged(faults.bed.hosts(), startedAgain, FaultBed.CONVERGE);
            pingStopped = Instant.now();
            trace = ping.stop();
        }
        FaultBed.report("controller-kill-storm", "kill -9 after %d of %d port creates acknowledged (%d clients, "
                        + "%d creates sent again after a dropped connection); switches converged %d ms after the kill; "
                        + "%d acknowledged in %d ms all told; ping vm1->vm2 every 10 ms through the storm, kill, "
                        + "restart and a clean restart: %s", acknowledgedAtKill, STORM, CLIENTS, storm.resent.get(),
                convergedMs, storm.acknowledged.size(), stormMs, FaultBed.summary(trace));

        assertThat(storm.refusals).as("creates refused").isEmpty();
        assertThat(acknowledgedAtKill).as("creates acknowledged at the kill").isBetween(KILL_AFTER, STORM - 1);
        assertThat(storm.acknowledged).as("creates acknowledged by the storm's end").hasSize(STORM);
        List<String> lost = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Set<String> acknowledgedIds = new HashSet<>();
        for (JsonNode ack : storm.acknowledged) {
            String id = ack.path("id").asText();
            acknowledgedIds.add(id);
            if (!stored.containsKey(id)) {
                lost.add(id);
            } else if (!stored.get(id).equals(ack)) {
                changed.add("acknowledged " + ack + "\n  stored      " + stored.get(id));
            }
        }
        assertThat(lost).as("acknowledged ports missing after the kill -9").isEmpty();
        assertThat(changed).as("acknowledged ports that differ from their 201").isEmpty();
        assertThat(stored.keySet().stream().filter(id -> !acknowledgedIds.contains(id)).toList())
                .as("ports stored without a 201 (at most one per client in flight)").hasSizeLessThanOrEqualTo(CLIENTS);
        assertThat(stored.values()).as("stored ports").allSatisfy(port -> {
            assertThat(port.path("mac_address").asText()).as("MAC of %s", port).matches("fa:16:3e(:[0-9a-f]{2}){3}");
            assertThat(port.path("fixed_ips")).as("fixed IPs of %s", port).hasSize(1);
            assertThat(port.at("/fixed_ips/0/ip_address").asText()).as("address of %s", port).isNotBlank();
            if (port.path("network_id").asText().equals(mpls)) {
                assertThat(port.path("sluice:mpls_label").isInt()).as("MPLS label of %s", port).isTrue();
            }
        });
        assertThat(stored.values().stream().filter(port -> port.path("network_id").asText().equals(mpls)).count())
                .as("MPLS ports stored (their labels are among the guards checked)").isPositive();
        assertThat(guardsInStore).as("the store's guards against what the records hold")
                .containsExactlyInAnyOrderEntriesOf(guardsOfRecords);
        FaultBed.assertDeliveredAll(trace, pingStopped, "through the storm, the kill -9 and two restarts");
    }

    /** A network of one subnet, created by {@code owner} with the network attributes given; returns its id. */
    private static String network(Neutron owner, String attributes, String cidr) {
        String id = owner.create("networks", "{\"network\": " + attributes + "}").path("id").asText();
        owner.create("subnets", "{\"subnet\": {\"network_id\": \"" + id + "\", \"ip_version\": 4, \"cidr\": \""
                + cidr + "\"}}");
        return id;
    }

    /**
     * CLIENTS threads, each its own user session, creating ports until STORM are made: alice's on the VXLAN
     * network, and the last client's as Nova's admin on the MPLS network, bound to hv2 in the create (so each
     * takes an MPLS label in the same commit). A create whose connection drops is sent again until the API
     * answers, as a client retries; one that was committed before the drop is then made twice.
     */
    private final class Storm implements AutoCloseable {
        private static final long RETRY_PAUSE_MILLIS = 200;
        final List<JsonNode> acknowledged = new CopyOnWriteArrayList<>();
        final List<String> refusals = new CopyOnWriteArrayList<>();
        final AtomicInteger resent = new AtomicInteger();
        private volatile boolean closed;
        private final List<Thread> clients = new ArrayList<>();
        private final AtomicInteger next = new AtomicInteger();
        private final String vxlan;
        private final String mpls;

        Storm(String vxlan, String mpls) {
            this.vxlan = vxlan;
            this.mpls = mpls;
        }

        void start() {
            for (int c = 0; c < CLIENTS; c++) {
                boolean nova = c == CLIENTS - 1;
                Neutron session = (nova ? faults.admin : faults.alice).copy();
                IntFunction<String> port = nova
                        ? i -> "{\"port\": {\"network_id\": \"" + mpls + "\", \"name\": \"storm-" + i
                                + "\", \"binding:host_id\": \"hv2\", \"device_owner\": \"compute:nova\"}}"
                        : i -> "{\"port\": {\"network_id\": \"" + vxlan + "\", \"name\": \"storm-" + i + "\"}}";
                Thread thread = new Thread(() -> create(session, port), "storm-" + c);
                thread.setDaemon(true);
                clients.add(thread);
                thread.start();
            }
        }

        private void create(Neutron session, IntFunction<String> port) {
            for (int i = next.getAndIncrement(); i < STORM && !closed; i = next.getAndIncrement()) {
                while (!closed && !answered(session, port.apply(i))) {
                    resent.incrementAndGet();
                    try {
                        Thread.sleep(RETRY_PAUSE_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        /** Sends one create; false if the connection dropped (the controller is down). */
        private boolean answered(Neutron session, String body) {
            try {
                Response r = session.sendOnce("POST", "/v2.0/ports", body);
                if (r.status() == 201) {
                    acknowledged.add(r.json().path("port"));
                } else {
                    refusals.add(r.status() + " " + r.body());
                }
                return true;
            } catch (IOException controllerDown) {
                return false;
            }
        }

        boolean finished() {
            return clients.stream().noneMatch(Thread::isAlive);
        }

        void awaitFinished() throws InterruptedException {
            for (Thread client : clients) {
                client.join(FaultBed.CONVERGE.multipliedBy(4).toMillis());
            }
            assertThat(finished()).as("every client done with its creates").isTrue();
        }

        /** Stops the clients, also those of a failed test still retrying against a controller that is gone. */
        @Override
        public void close() {
            closed = true;
        }
    }

    private static Map<String, JsonNode> byId(JsonNode list) {
        Map<String, JsonNode> byId = new TreeMap<>();
        list.forEach(item -> byId.put(item.path("id").asText(), item));
        return byId;
    }
}
