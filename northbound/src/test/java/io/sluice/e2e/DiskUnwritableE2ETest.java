package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.TestBedCli;
import io.sluice.e2e.ControllerCrashE2ETest.Neutron;
import io.sluice.e2e.ControllerCrashE2ETest.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 6's store fault, second half: the controller's state directory on an ext4 filesystem whose disk stops
 * taking writes ({@link LoopDisk}). A brief outage fails writes with EIO: the API refuses them with 503 and a
 * NeutronError body, reads and tokens go on, and writes work again by themselves once the disk takes them. When
 * only the store's working file refuses writes, writes that reach its journal are acknowledged and served from
 * memory, and the store goes back on its file once it can. A longer outage aborts the filesystem to read-only:
 * the same refusals, then the operator's repair (stop the controller, e2fsck, mount, start it) brings back
 * everything acknowledged and nothing refused, and a kill -9 restart reads it back again with its guards.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskUnwritableE2ETest {
    private static final String PREFIX = "fu";
    /** Above the store's 64 MiB free-space reserve (MapDbStoreConfig.DEFAULT_MIN_FREE_BYTES) with room to write. */
    private static final String DISK_SIZE = "256M";
    /** A clean stop that takes longer is SluiceCluster's SIGKILL after 10 s, not the controller's own exit. */
    private static final Duration CLEAN_STOP = Duration.ofSeconds(9);
    /** What MapDbStore logs when it falls back to memory, and when it is back on its working file. */
    private static final String FELL_BACK = "the disk refuses the working file";
    private static final String BACK_ON_FILE_LINE = "back on its working file";
    /** The store retries its working file at a journaled commit at most every 10 s (MapDbStore.FILE_RETRY). */
    private static final Duration BACK_ON_FILE = Duration.ofSeconds(30);

    private TestBed bed;
    private SluiceCluster sluice;
    private LoopDisk disk;
    private Path state;
    private Neutron alice;
    private StoreFaultChecks checks;

    @BeforeAll
    void bringUp() throws IOException {
        bed = TestBed.up(PREFIX, 1);
        sluice = SluiceCluster.onFreshState(bed);
        Path stateDir = sluice.workDir().resolve("state");
        disk = LoopDisk.create(sluice.workDir().resolve("disk.img"), DISK_SIZE, stateDir);
        state = disk.view(stateDir);
        Path identity = state.resolve("identity.json");
        E2eIdentity.write(identity);
        assertSurvivesTheDiskFailing(identity);
        sluice.controllerLauncher(disk.enter());
        sluice.start(FaultBed.CONVERGE);
        alice = new Neutron(sluice.authUrl(), "alice", E2eIdentity.ALICE_PASSWORD, "red");
        checks = StoreFaultChecks.onNewNetwork(alice, new Neutron(sluice.authUrl(), "admin",
                E2eIdentity.ADMIN_PASSWORD, "admin"), "10.51.0.0/24");
    }

    /**
     * The identity file is forced to disk as it is written (IdentityFile), so the disk failing right after it, and
     * the repair, keep it: otherwise it would be only in memory, its writeback would fail, and unmounting drops it.
     */
    private void assertSurvivesTheDiskFailing(Path file) throws IOException {
        byte[] written = Files.readAllBytes(file);
        disk.failWrites();
        disk.sync(); // whatever is not on the disk yet fails to get there now
        disk.takeWrites();
        disk.repair(); // unmounted and mounted again: the next read comes from the disk
        assertThat(file).as("the identity file after the disk failed right after it was written").exists();
        assertThat(Files.readAllBytes(file)).as("the identity file's bytes after the disk failed").isEqualTo(written);
    }

    @AfterAll
    void tearDown() throws IOException {
        try {
            if (sluice != null) {
                sluice.close();
            }
            if (disk != null) {
                disk.close();
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
        }
    }

    @Test
    @Order(1)
    void writesFailingBrieflyAreRefusedWith503AndWorkAgainByThemselves() {
        Map<String, JsonNode> before = checks.apiState();
        String port = checks.portNamed("before");
        Duration slowest;
        disk.failWrites();
        try {
            slowest = checks.assertRefusedAndReadsUnchanged("a disk failing writes", before, port);
        } finally {
            disk.takeWrites();
        }
        assertThat(disk.isReadOnly()).as("the filesystem aborted to read-only during the brief outage").isFalse();
        Instant back = Instant.now();
        checks.assertWritesWork("the disk took writes again", port);
        FaultBed.report("disk-unwritable", "EIO: writes refused with 503 in at most %d ms, reads and tokens "
                + "unaffected; a create, an update and a delete done %d ms after the disk took writes again, "
                + "no restart",
                slowest.toMillis(), Duration.between(back, Instant.now()).toMillis());
    }

    @Test
    @Order(2)
    void writesJournaledWhileTheWorkingFileFailsAreAcknowledgedAndServedFromMemory() throws IOException {
        Path workingFile = state.resolve("store/state.db");
        String port = checks.portNamed("before");
        long fellBack = logged(FELL_BACK);
        disk.failWrites(workingFile);
        try {
            checks.assertWritesWork("the working file refused writes", port);
            assertThat(logged(FELL_BACK)).as("the store's fallbacks to memory").isGreaterThan(fellBack);
        } finally {
            disk.takeWrites(workingFile);
        }
        Instant writable = Instant.now();
        SluiceCluster.await("the store back on its working file", BACK_ON_FILE, () -> {
            Response updated = alice.send("PUT", "/v2.0/ports/" + port, "{\"port\": {\"description\": \""
                    + Instant.now() + "\"}}");
            assertThat(updated.status()).as("update while the store waits to retry its file: %s", updated.body())
                    .isEqualTo(200);
            return logged(BACK_ON_FILE_LINE) > 0;
        });
        FaultBed.report("disk-unwritable", "working file refusing writes (EPERM), journal writable: a create, an "
                + "update and a delete acknowledged and served from memory; back on the working file %d ms after "
                + "it took writes again, no restart", Duration.between(writable, Instant.now()).toMillis());
    }

    /** Lines of the controller's log (all its runs) that contain {@code text}. */
    private long logged(String text) {
        try {
            return Files.readAllLines(sluice.workDir().resolve("controller.log")).stream()
                    .filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(3)
    void aFilesystemGoneReadOnlyRefusesWritesAndARepairBringsBackEverythingAcknowledged() throws Exception {
        Map<String, JsonNode> before = checks.apiState();
        String port = checks.portNamed("before");
        Map<String, JsonNode> whileReadOnly;
        List<String> refusedNames;
        Duration slowest;
        Duration stopped;
        long fellBack = logged(FELL_BACK);
        try (PortCreates creates = PortCreates.start(alice.copy(), checks.network())) {
            SluiceCluster.await("creates acknowledged before the fault", FaultBed.CONVERGE,
                    () -> creates.acknowledged().size() >= 10);
            disk.failWrites();
            SluiceCluster.await("creates refused on the failing disk", FaultBed.CONVERGE, () -> creates.refused() >= 3);
            assertThat(disk.sync()).as("ext4's journal commit on the failing disk").isFalse();
            assertThat(disk.isReadOnly()).as("the filesystem after a failed journal commit").isTrue();
            int refusedBeforeReadOnly = creates.refused();
            SluiceCluster.await("creates refused on the read-only filesystem", FaultBed.CONVERGE,
                    () -> creates.refused() >= refusedBeforeReadOnly + 3);
            creates.close();
            assertThat(creates.unexpected()).as("answers to creates other than 201 and 503").isEmpty();
            whileReadOnly = checks.apiState();
            assertThat(ids(whileReadOnly.get("ports"))).as("ports listed while read-only: those before and every "
                    + "acknowledged create, no other").containsExactlyInAnyOrderElementsOf(
                            union(ids(before.get("ports")), creates.acknowledged()));
            slowest = checks.assertRefusedAndReadsUnchanged("a read-only filesystem", whileReadOnly, port);
            refusedNames = creates.refusedNames();
            // A create journaled before MapDB's working file failed is acknowledged, served from memory.
            long fromMemory = logged(FELL_BACK) - fellBack;
            FaultBed.report("disk-unwritable", "port creates running into the fault: %d acknowledged, %d refused "
                    + "with 503, no other answer; %d fallbacks of the store to memory",
                    creates.acknowledged().size(), refusedNames.size(), fromMemory);
            Instant stopping = Instant.now();
            sluice.stopController();
            stopped = Duration.between(stopping, Instant.now());
            assertThat(stopped).as("the controller's clean stop on a read-only store").isLessThan(CLEAN_STOP);
        } finally {
            disk.takeWrites();
        }
        int fsck = disk.repair();
        Instant restarted = Instant.now();
        sluice.startController();
        sluice.awaitConverged(bed.hosts(), restarted, FaultBed.CONVERGE);
        Duration restart = Duration.between(restarted, Instant.now());
        Map<String, JsonNode> repaired = checks.apiState();
        assertThat(names(repaired.get("ports"))).as("refused creates after the repair")
                .doesNotContainAnyElementsOf(refusedNames);
        assertThat(repaired).as("what the API shows after the repair: every acknowledged create, no refused one")
                .isEqualTo(whileReadOnly);
        checks.assertWritesWork("the disk was repaired", port);
        FaultBed.report("disk-unwritable", "EROFS: writes refused with 503 in at most %d ms, reads and tokens "
                + "unaffected; clean stop %d ms, e2fsck -fy exit %d, restarted and converged in %d ms, nothing "
                + "acknowledged lost, no refused create there", slowest.toMillis(), stopped.toMillis(), fsck,
                restart.toMillis());
    }

    @Test
    @Order(4)
    void aKillDashNineRestartReadsBackEverythingAcknowledgedWithItsGuards() throws InterruptedException {
        int ports = checks.assertKillNineReadsBackWithGuards(sluice, bed.hosts(), this::copyOfState);
        FaultBed.report("disk-unwritable", "%d ports read back after the kill -9 with their guards", ports);
    }

    /**
     * The stopped controller's state directory copied out of the disk's namespace: opening a store looks its
     * directory up in this process's mount table, which does not have the disk.
     */
    private Path copyOfState() {
        Path copy = sluice.workDir().resolve("state-copy");
        List<String> cp = List.of("cp", "-a", state.toString(), copy.toString());
        Shell.run(TestBedCli.projectRoot(), FaultBed.CONVERGE, cp).orThrow(cp);
        return copy;
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    /** Port creates one after another on a thread of their own, until closed, sorted by the API's answer. */
    private static final class PortCreates implements AutoCloseable {
        private final List<String> acknowledged = new CopyOnWriteArrayList<>();
        private final List<String> refused = new CopyOnWriteArrayList<>();
        private final List<String> unexpected = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private PortCreates(Neutron client, String network) {
            thread = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    String name = "stream-" + i;
                    Response response;
                    try {
                        response = client.send("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \""
                                + network + "\", \"name\": \"" + name + "\"}}");
                    } catch (AssertionError unanswered) { // a hung or refused connection
                        unexpected.add(unanswered.getMessage());
                        return;
                    }
                    switch (response.status()) {
                        case 201 -> acknowledged.add(response.json().at("/port/id").asText());
                        case 503 -> refused.add(name);
                        default -> unexpected.add(response.status() + " " + response.body());
                    }
                }
            }, "port-creates");
        }

        static PortCreates start(Neutron client, String network) {
            PortCreates creates = new PortCreates(client, network);
            creates.thread.start();
            return creates;
        }

        List<String> acknowledged() {
            return acknowledged;
        }

        int refused() {
            return refused.size();
        }

        List<String> refusedNames() {
            return refused;
        }

        List<String> unexpected() {
            return unexpected;
        }

        /** Stops after the create in flight, whose answer is counted. */
        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
