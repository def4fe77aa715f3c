package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.NeutronClient.Token;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * When the controller and the fleet agree: every emulated switch known to the controller (its agent
 * registered), its last reconciliation converged, the fleet's table of every switch holding exactly as many
 * flows as the controller's desired state for it, the fleet holding as many flows as expected (when known),
 * and no flow-mod applied anywhere for a quiet period. A controller still compiling a change shows its last
 * desired state as converged, so a build is awaited through its ports' statuses first
 * ({@link #awaitActive}) and later phases through the flow total it left.
 */
final class ScaleSettle {
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final String FLOATING_IP_OWNER = "network:floatingip";

    /** The moment the fleet last acknowledged a change (barrier or bundle commit), epoch microseconds. */
    record Settled(long lastAckMicros, long seenNanos, long flows) {
    }

    private ScaleSettle() {
    }

    /**
     * Waits until settled, at most {@code timeout}, counting only switches connected after
     * {@code connectedAfterMicros}, and (when a change is expected) once some switch changed after
     * {@code changedAfterMicros}; prints progress every 10 s.
     */
    static Settled await(NeutronClient api, FleetProcess fleet, int hypervisors, long connectedAfterMicros,
                         long changedAfterMicros, long expectedFlows, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastPrint = System.nanoTime();
        while (true) {
            JsonNode switches = ScaleController.switches(api);
            JsonNode fleetSwitches = fleet.switches();
            Map<String, Integer> fleetFlows = new HashMap<>();
            long lastAck = 0;
            long lastChange = 0;
            long flows = 0;
            for (JsonNode sw : fleetSwitches) {
                fleetFlows.put(sw.path("dpid").asText(), sw.path("flows").asInt());
                lastAck = Math.max(lastAck, sw.path("lastAckMicros").asLong());
                lastChange = Math.max(lastChange, sw.path("lastChangeMicros").asLong());
                flows += sw.path("flows").asLong();
            }
            int known = 0;
            int converged = 0;
            int matching = 0;
            for (JsonNode sw : switches) {
                if (sw.path("host").isNull() || sw.path("host").isMissingNode()
                        || connectedAt(sw) < connectedAfterMicros) {
                    continue;
                }
                known++;
                if (sw.path("last_reconcile").path("converged").asBoolean(false)) {
                    converged++;
                }
                if (sw.path("desired_flows").asInt(-1) == fleetFlows.getOrDefault(sw.path("datapath_id").asText(), -2)) {
                    matching++;
                }
            }
            long quietMicros = BenchCluster.epochMicros() - lastChange;
            if (known == hypervisors && converged == hypervisors && matching == hypervisors
                    && lastChange >= changedAfterMicros && (expectedFlows == 0 || flows == expectedFlows)
                    && quietMicros >= QUIET.toNanos() / 1_000) {
                return new Settled(lastAck, System.nanoTime(), flows);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not settled after " + timeout + ": " + known + " known, " + converged
                        + " converged, " + matching + " with the desired flow count, of " + hypervisors);
            }
            if (System.nanoTime() - lastPrint > Duration.ofSeconds(10).toNanos()) {
                System.out.printf("  ... %d known, %d converged, %d with the desired flow count, of %d; %d flows held; "
                        + "load %s%n", known, converged, matching, hypervisors, flows, BenchCluster.loadAverage());
                lastPrint = System.nanoTime();
            }
            BenchCluster.sleep(250);
        }
    }

    /**
     * Waits until no port is DOWN (but floating IPs' own): each turns ACTIVE once every switch serving its network
     * acknowledged flows compiled with the port plugged. Prints progress every 10 s.
     */
    static void awaitActive(NeutronClient api, Token admin, int ports, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastPrint = System.nanoTime();
        while (true) {
            // A floating IP's port is never plugged anywhere: its status says nothing about the dataplane.
            Map<String, Integer> byOwner = new TreeMap<>();
            api.expect(200, "GET", "/v2.0/ports?status=DOWN&fields=id&fields=device_owner", admin, null).path("ports")
                    .forEach(p -> byOwner.merge(p.path("device_owner").asText(), 1, Integer::sum));
            byOwner.remove(FLOATING_IP_OWNER);
            int down = byOwner.values().stream().mapToInt(Integer::intValue).sum();
            if (down == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(down + " of " + ports + " ports still DOWN after " + timeout + ", by "
                        + "device owner " + byOwner);
            }
            if (System.nanoTime() - lastPrint > Duration.ofSeconds(10).toNanos()) {
                System.out.printf("  ... %d of %d ports DOWN (by device owner %s); load %s%n", down, ports, byOwner,
                        BenchCluster.loadAverage());
                lastPrint = System.nanoTime();
            }
            BenchCluster.sleep(500);
        }
    }

    /** The switch's connected_at in epoch microseconds. */
    static long connectedAt(JsonNode sw) {
        Instant at = Instant.parse(sw.path("connected_at").asText());
        return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
    }
}
