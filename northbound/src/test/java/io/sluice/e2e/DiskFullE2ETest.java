package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.TestBedCli;
import io.sluice.e2e.ControllerCrashE2ETest.Neutron;
import io.sluice.e2e.ControllerCrashE2ETest.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 6's store fault: the controller's state directory on a small tmpfs that fills up to the last byte.
 * Writes through the Neutron API are refused with 503 and a NeutronError body, reads go on, writes work again
 * once space returns, and a kill -9 restart reads back exactly what was acknowledged, guards and all.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskFullE2ETest {
    private static final String PREFIX = "ftdisk";
    /** Above the store's 64 MiB free-space reserve (MapDbStoreConfig.DEFAULT_MIN_FREE_BYTES) with room to write. */
    private static final String DISK_SIZE = "96m";
    /** How soon a status the controller could not write while the disk was full is written once it can be. */
    private static final Duration STATUS_WRITTEN_AGAIN = Duration.ofSeconds(5);

    private TestBed bed;
    private SluiceCluster sluice;
    private Path state;
    private Neutron alice;
    private Neutron admin;
    private StoreFaultChecks checks;
    private String network;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require("mount", "umount");
        bed = TestBed.up(PREFIX, 1);
        sluice = SluiceCluster.onFreshState(bed);
        state = sluice.workDir().resolve("state");
        byte[] identity = Files.readAllBytes(state.resolve("identity.json"));
        run("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE, "tmpfs", state.toString());
        Files.write(state.resolve("identity.json"), identity);
        sluice.start(FaultBed.CONVERGE);
        alice = new Neutron(sluice.authUrl(), "alice", E2eIdentity.ALICE_PASSWORD, "red");
        admin = new Neutron(sluice.authUrl(), "admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        checks = StoreFaultChecks.onNewNetwork(alice, admin, "10.50.0.0/24");
        network = checks.network();
    }

    @AfterAll
    void tearDown() throws IOException {
        try {
            if (sluice != null) {
                sluice.close();
            }
            if (state != null && isMountPoint(state)) {
                if (!runQuietly("umount", state.toString())) {
                    runQuietly("umount", "--lazy", state.toString());
                }
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
        }
    }

    @Test
    @Order(1)
    void aFullDiskRefusesWritesWith503KeepsReadsAndTakesWritesAgainWhenSpaceReturns() throws IOException {
        Map<String, JsonNode> before = checks.apiState();
        String port = checks.portNamed("before");
        Path filler = state.resolve("filler");
        try {
            fillUp(filler);
            checks.assertRefusedAndReadsUnchanged("a full disk", before, port);
        } finally {
            Files.deleteIfExists(filler);
        }
        checks.assertWritesWork("space returned", port);
    }

    @Test
    @Order(2)
    void aPortPluggedWhileTheDiskIsFullTurnsActiveOnceSpaceReturns() throws IOException {
        JsonNode port = alice.create("ports", "{\"port\": {\"network_id\": \"" + network + "\", \"name\": \"vm1\"}}");
        String id = port.path("id").asText();
        Response bound = admin.send("PUT", "/v2.0/ports/" + id, "{\"port\": {\"binding:host_id\": \"hv1\", "
                + "\"device_owner\": \"compute:nova\"}}");
        assertThat(bound.status()).as("binding vm1: %s", bound.body()).isEqualTo(200);
        Path filler = state.resolve("filler");
        long activeMs;
        try {
            fillUp(filler);
            Instant plugged = Instant.now();
            bed.plugVm("hv1", "vm1", id, port.path("mac_address").asText(), port.at("/fixed_ips/0/ip_address")
                    .asText() + "/24", 0);
            sluice.awaitConverged(List.of("hv1"), plugged, FaultBed.CONVERGE);
            assertThat(status(id)).as("vm1's status while its ACTIVE cannot be written").isEqualTo("DOWN");
        } finally {
            Files.deleteIfExists(filler);
        }
        long spaceBack = System.nanoTime();
        SluiceCluster.await("vm1 ACTIVE once space returned", FaultBed.CONVERGE.multipliedBy(3),
                () -> "ACTIVE".equals(status(id)));
        activeMs = (System.nanoTime() - spaceBack) / 1_000_000;
        FaultBed.report("disk-full", "a port plugged while the disk was full ACTIVE %d ms after space returned",
                activeMs);
        assertThat(activeMs).as("space returned to the port's ACTIVE written").isLessThanOrEqualTo(
                STATUS_WRITTEN_AGAIN.toMillis());
    }

    @Test
    @Order(3)
    void aKillDashNineRestartReadsBackEverythingAcknowledgedWithItsGuards() throws Exception {
        int ports = checks.assertKillNineReadsBackWithGuards(sluice, bed.hosts(), () -> state);
        FaultBed.report("disk-full", "writes refused with 503 while full, reads unchanged, writes back once space returned, "
                + "%d ports read back after the kill -9 with their guards", ports);
    }

    private String status(String port) {
        return alice.get("/v2.0/ports/" + port).at("/port/status").asText();
    }

    /** Writes the filler until the disk has no byte left. */
    private static void fillUp(Path filler) throws IOException {
        byte[] block = new byte[64 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int size = block.length; size > 0; size /= 2) {
                try {
                    while (true) {
                        out.write(block, 0, size);
                        out.flush();
                    }
                } catch (IOException noSpaceLeft) {
                    // On to smaller writes, down to the last byte.
                }
            }
        }
        assertThat(Files.getFileStore(filler).getUsableSpace()).as("space left on the full disk").isZero();
    }

    private static boolean isMountPoint(Path dir) {
        return runQuietly("mountpoint", "-q", dir.toString());
    }

    private static void run(String... command) {
        Shell.run(TestBedCli.projectRoot(), FaultBed.CONVERGE, List.of(command)).orThrow(List.of(command));
    }

    private static boolean runQuietly(String... command) {
        return Shell.run(TestBedCli.projectRoot(), FaultBed.CONVERGE, List.of(command)).exitCode() == 0;
    }
}
