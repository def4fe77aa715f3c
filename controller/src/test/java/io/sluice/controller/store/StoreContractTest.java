package io.sluice.controller.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Store} contract; each implementation runs it through a subclass. */
abstract class StoreContractTest {
    static final int LOG_LIMIT = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    Store store;

    /** A new, empty store whose change log holds at most {@code maxLogChanges} changes. */
    abstract Store newStore(int maxLogChanges);

    @BeforeEach
    void open() {
        store = newStore(LOG_LIMIT);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    static Transaction put(String kind, String id, String value) {
        return Transaction.builder().put(kind, id, bytes(value)).build();
    }

    @Test
    void anEmptyStoreIsAtRevisionZero() {
        assertThat(store.revision()).isZero();
        assertThat(store.get("network", "n1")).isEmpty();
        assertThat(store.listing("network")).isEqualTo(new Listing(0, List.of()));
    }

    @Test
    void putThenGetAndListByKind() {
        long r1 = store.commit(put("network", "n2", "two"));
        long r2 = store.commit(Transaction.builder()
                .put("network", "n1", bytes("one")).put("networks", "n0", bytes("other kind")).build());

        assertThat(store.get("network", "n2")).contains(new Versioned(bytes("two"), r1));
        assertThat(store.get("network", "n1")).contains(new Versioned(bytes("one"), r2));
        assertThat(store.listing("network")).isEqualTo(new Listing(r2, List.of(
                new Entry("n1", new Versioned(bytes("one"), r2)), new Entry("n2", new Versioned(bytes("two"), r1)))));
        assertThat(store.list("networks")).extracting(Entry::id).containsExactly("n0");
    }

    @Test
    void putReplacesAndDeleteRemoves() {
        store.commit(put("port", "p", "v1"));
        long replaced = store.commit(put("port", "p", "v2"));
        assertThat(store.get("port", "p")).contains(new Versioned(bytes("v2"), replaced));

        long deleted = store.commit(Transaction.builder().delete("port", "p").build());
        assertThat(deleted).isEqualTo(replaced + 1);
        assertThat(store.get("port", "p")).isEmpty();
        assertThat(store.list("port")).isEmpty();
    }

    @Test
    void aCommitThatChangesNothingKeepsTheRevision() {
        long r = store.commit(put("port", "p", "v"));
        BlockingQueue<Change> seen = watchFrom(r);

        assertThat(store.commit(Transaction.builder().delete("port", "absent").build())).isEqualTo(r);
        assertThat(store.commit(Transaction.builder().build())).isEqualTo(r);
        long next = store.commit(put("port", "q", "w"));

        assertThat(next).isEqualTo(r + 1);
        assertThat(take(seen).revision()).isEqualTo(next);
    }

    @Test
    void revisionsIncreaseByOnePerCommitAndAreSharedWithinIt() {
        long first = store.commit(Transaction.builder()
                .put("router", "r1", bytes("a")).put("port", "p1", bytes("b")).build());
        long second = store.commit(put("router", "r2", "c"));

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(store.revision()).isEqualTo(2);
        assertThat(store.get("router", "r1").orElseThrow().modRevision()).isEqualTo(first);
        assertThat(store.get("port", "p1").orElseThrow().modRevision()).isEqualTo(first);
    }

    @Test
    void matchingPreconditionsCommit() {
        long r = store.commit(put("network", "n", "v1"));
        long next = store.commit(Transaction.builder()
                .expectRevision("network", "n", r).put("network", "n", bytes("v2"))
                .expectAbsent("subnet", "s").put("subnet", "s", bytes("s1")).build());

        assertThat(store.get("network", "n")).contains(new Versioned(bytes("v2"), next));
        assertThat(store.get("subnet", "s")).contains(new Versioned(bytes("s1"), next));
    }

    @Test
    void aStaleRevisionConflictsAndWritesNothing() {
        long r = store.commit(put("network", "n", "v1"));
        store.commit(put("network", "n", "v2"));

        assertThatThrownBy(() -> store.commit(Transaction.builder()
                .put("port", "p", bytes("new")).expectRevision("network", "n", r).put("network", "n", bytes("v3"))
                .build()))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.kind()).isEqualTo("network");
                    assertThat(e.id()).isEqualTo("n");
                    assertThat(e.expectedModRevision()).isEqualTo(r);
                    assertThat(e.actualModRevision()).isEqualTo(r + 1);
                    assertThat(e).hasMessageContaining("network/n");
                });
        assertThat(store.revision()).isEqualTo(r + 1);
        assertThat(store.get("port", "p")).isEmpty();
        assertThat(store.get("network", "n").orElseThrow().value()).isEqualTo(bytes("v2"));
    }

    @Test
    void createOnlyConflictsWithAnExistingDocument() {
        store.commit(put("network", "n", "v1"));

        assertThatThrownBy(() -> store.commit(Transaction.builder()
                .expectAbsent("network", "n").put("network", "n", bytes("v2")).build()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.actualModRevision()).isEqualTo(1));
        assertThatThrownBy(() -> store.commit(Transaction.builder()
                .expectRevision("network", "gone", 1).delete("network", "gone").build()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.actualModRevision()).isZero());
        assertThat(store.revision()).isEqualTo(1);
    }

    @Test
    void aWatchDeliversTheBacklogThenLiveChangesInOrder() {
        long r1 = store.commit(put("network", "n1", "a"));
        long r2 = store.commit(Transaction.builder()
                .put("port", "p1", bytes("b")).put("port", "p2", bytes("c")).build());
        long r3 = store.commit(Transaction.builder().delete("network", "n1").build());

        BlockingQueue<Change> seen = watchFrom(r1);
        assertThat(take(seen)).isEqualTo(Change.put(r2, "port", "p1", bytes("b")));
        assertThat(take(seen)).isEqualTo(Change.put(r2, "port", "p2", bytes("c")));
        assertThat(take(seen)).isEqualTo(Change.delete(r3, "network", "n1"));

        long r4 = store.commit(put("network", "n2", "d"));
        Change live = take(seen);
        assertThat(live).isEqualTo(Change.put(r4, "network", "n2", bytes("d")));
        assertThat(live.newValue()).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("d")));
    }

    @Test
    void aWatchFromTheFutureWaitsForThatRevision() {
        BlockingQueue<Change> seen = watchFrom(2);
        store.commit(put("k", "1", "a"));
        store.commit(put("k", "2", "b"));
        store.commit(put("k", "3", "c"));

        assertThat(take(seen).revision()).isEqualTo(3);
    }

    @Test
    void concurrentCommitsReachAWatchInRevisionOrderWithCommitsWhole() throws Exception {
        int writers = 4;
        int commitsEach = 50;
        BlockingQueue<Change> seen = watchFrom(0);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String writer = "w" + w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < commitsEach; i++) {
                        store.commit(Transaction.builder().put("pair", writer + "-" + i + "-a", bytes("x"))
                                .put("pair", writer + "-" + i + "-b", bytes("y")).build());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (long revision = 1; revision <= writers * commitsEach; revision++) {
            Change a = take(seen);
            Change b = take(seen);
            assertThat(a.revision()).isEqualTo(revision);
            assertThat(b.revision()).isEqualTo(revision);
            assertThat(a.id()).endsWith("-a");
            assertThat(b.id()).isEqualTo(a.id().replace("-a", "-b"));
        }
        assertThat(store.revision()).isEqualTo(writers * commitsEach);
    }

    @Test
    void aClosedWatchGetsNothingMore() throws Exception {
        List<Change> seen = new ArrayList<>();
        Watch watch = store.watch(0, seen::add);
        watch.close();
        store.commit(put("k", "1", "a"));
        Thread.sleep(200); // a delivery, if any, would come from the watch's thread now

        assertThat(seen).isEmpty();
        assertThat(watch.stopped().toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aFailingListenerDoesNotStopItsWatch() {
        BlockingQueue<Change> seen = new LinkedBlockingQueue<>();
        store.watch(0, change -> {
            seen.add(change);
            throw new IllegalStateException("listener bug");
        });
        store.commit(put("k", "1", "a"));
        store.commit(put("k", "2", "b"));

        assertThat(take(seen).id()).isEqualTo("1");
        assertThat(take(seen).id()).isEqualTo("2");
    }

    @Test
    void aSlowListenerDoesNotHoldUpCommits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<Change> seen = new LinkedBlockingQueue<>();
        store.watch(0, change -> {
            await(release);
            seen.add(change);
        });
        for (int i = 0; i < 20; i++) {
            store.commit(put("k", "" + i, "v"));
        }
        assertThat(store.revision()).isEqualTo(20);
        release.countDown();
        for (int i = 1; i <= 20; i++) {
            assertThat(take(seen).revision()).isEqualTo(i);
        }
    }

    @Test
    void aWatchFromBeforeTheLogIsRefused() {
        store.close();
        store = newStore(3);
        for (int i = 1; i <= 6; i++) {
            store.commit(put("k", "" + i, "v"));
        }

        assertThatThrownBy(() -> store.watch(0, c -> { })).isInstanceOfSatisfying(CompactedException.class, e -> {
            assertThat(e.requestedAfter()).isZero();
            assertThat(e.compactedRevision()).isEqualTo(3);
        });
        BlockingQueue<Change> seen = watchFrom(3);
        assertThat(take(seen).revision()).isEqualTo(4);
        assertThat(take(seen).revision()).isEqualTo(5);
        assertThat(take(seen).revision()).isEqualTo(6);
    }

    @Test
    void compactionDropsWholeCommitsAndKeepsTheNewestEvenIfLarge() {
        store.close();
        store = newStore(3);
        List<String> ids = List.of("a", "b", "c", "d");
        store.commit(put("k", "1", "v"));
        Transaction.Builder large = Transaction.builder();
        ids.forEach(id -> large.put("k", id, bytes(id)));
        store.commit(large.build());

        assertThatThrownBy(() -> store.watch(0, c -> { })).isInstanceOf(CompactedException.class);
        BlockingQueue<Change> seen = watchFrom(1);
        for (String id : ids) {
            assertThat(take(seen)).isEqualTo(Change.put(2, "k", id, bytes(id)));
        }
    }

    @Test
    void aWatchThatFallsBehindTheLogStopsWithCompacted() throws Exception {
        store.close();
        store = newStore(3);
        CountDownLatch release = new CountDownLatch(1);
        Watch watch = store.watch(0, change -> await(release));
        for (int i = 0; i < 10; i++) {
            store.commit(put("k", "" + i, "v"));
        }
        release.countDown();

        assertThatThrownBy(() -> watch.stopped().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(CompactedException.class);
    }

    @Test
    void aListingIsConsistentWithWatchingFromItsRevision() {
        store.commit(put("network", "n1", "a"));
        Listing listing = store.listing("network");
        BlockingQueue<Change> seen = watchFrom(listing.revision());
        long next = store.commit(put("network", "n2", "b"));

        assertThat(listing.revision()).isEqualTo(1);
        assertThat(listing.entries()).extracting(Entry::id).containsExactly("n1");
        assertThat(take(seen).revision()).isEqualTo(next);
    }

    @Test
    void aClosedStoreIsUnavailableAndStopsItsWatches() {
        Watch watch = store.watch(0, c -> { });
        store.close();

        assertThatThrownBy(() -> store.get("k", "1")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.commit(put("k", "1", "v"))).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> watch.stopped().toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StoreUnavailableException.class);
    }

    BlockingQueue<Change> watchFrom(long revision) {
        BlockingQueue<Change> seen = new LinkedBlockingQueue<>();
        store.watch(revision, seen::add);
        return seen;
    }

    static Change take(BlockingQueue<Change> seen) {
        try {
            Change change = seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(change).as("a change within " + WAIT).isNotNull();
            return change;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
