package io.sluice.controller.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What replay accepts: intact records only, never a torn tail, never an append that was refused. */
class JournalTest {
    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("journal.log");
    }

    @ParameterizedTest(name = "tail: {0}")
    @ValueSource(strings = {"half a header", "a length past the end", "a checksum that fails", "zeros"})
    void aTornTailIsIgnoredOnReplayAndOverwrittenByTheNextAppend(String tail) throws IOException {
        try (Journal journal = Journal.open(file())) {
            journal.replay((revision, changes) -> { });
            journal.append(1, put(1, "a"));
            journal.append(2, put(2, "b"));
        }
        Files.write(file(), torn(tail), APPEND);

        try (Journal journal = Journal.open(file())) {
            assertThat(replay(journal)).containsOnlyKeys(1L, 2L);
            journal.append(3, put(3, "c"));
        }
        try (Journal journal = Journal.open(file())) {
            assertThat(replay(journal)).containsOnlyKeys(1L, 2L, 3L).containsEntry(3L, put(3, "c"));
        }
    }

    /** What a crash or a failed append can leave after the last intact record. */
    private byte[] torn(String tail) throws IOException {
        return switch (tail) {
            case "half a header" -> new byte[] {0, 0, 0};
            case "a length past the end" -> new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 3};
            case "a checksum that fails" -> {
                // a whole record for revision 3 with one payload byte changed
                byte[] record = recordFor(3, put(3, "c"));
                record[record.length - 1] ^= 1;
                yield record;
            }
            case "zeros" -> new byte[64];
            default -> throw new IllegalArgumentException(tail);
        };
    }

    private byte[] recordFor(long revision, List<Change> changes) throws IOException {
        Path other = directory.resolve("record.log");
        try (Journal journal = Journal.open(other)) {
            journal.replay((r, c) -> { });
            journal.append(revision, changes);
        }
        return Files.readAllBytes(other);
    }

    @Test
    void anAppendWhoseForceFailsIsRefusedAndNeverReplayed() throws IOException {
        FailingDisk[] disk = new FailingDisk[1];
        try (Journal journal = Journal.open(file(), channel -> disk[0] = new FailingDisk(channel))) {
            journal.replay((revision, changes) -> { });
            journal.append(1, put(1, "a"));
            long size = Files.size(file());
            disk[0].failForce();

            assertThatThrownBy(() -> journal.append(2, put(2, "refused")))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("nothing was committed");
            assertThat(Files.size(file())).as("the refused record cut back").isEqualTo(size);
            assertThat(journal.size()).isEqualTo(size);
        }
        try (Journal journal = Journal.open(file())) {
            assertThat(replay(journal)).containsOnlyKeys(1L);
        }
    }

    @Test
    void aRefusedAppendTheDiskWillNotCutBackIsOverwrittenBeforeAnythingElseIsWritten() throws IOException {
        FailingDisk[] disk = new FailingDisk[1];
        try (Journal journal = Journal.open(file(), channel -> disk[0] = new FailingDisk(channel))) {
            journal.replay((revision, changes) -> { });
            journal.append(1, put(1, "a"));
            long size = Files.size(file());
            disk[0].failWritesAfter(10);
            disk[0].failTruncate();

            assertThatThrownBy(() -> journal.append(2, put(2, "refused")))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(Files.size(file())).as("part of the refused record left on disk").isEqualTo(size + 10);
            disk[0].failWritesAfter(-1);
            assertThatThrownBy(() -> journal.append(2, put(2, "refused too")))
                    .as("an append while the remains cannot be cut").isInstanceOf(StoreUnavailableException.class);

            disk[0].heal();
            journal.append(2, put(2, "b"));
        }
        try (Journal journal = Journal.open(file())) {
            assertThat(replay(journal)).containsOnlyKeys(1L, 2L).containsEntry(2L, put(2, "b"));
        }
    }

    @Test
    void aTornTailTheDiskWillNotCutBackOnOpenIsStillIgnoredAndCutBeforeTheNextAppend() throws IOException {
        try (Journal journal = Journal.open(file())) {
            journal.replay((revision, changes) -> { });
            journal.append(1, put(1, "a"));
        }
        long intact = Files.size(file());
        Files.write(file(), new byte[] {0, 0, 0, 40, 1, 2, 3}, APPEND);
        FailingDisk[] disk = new FailingDisk[1];
        try (Journal journal = Journal.open(file(), channel -> disk[0] = new FailingDisk(channel))) {
            disk[0].failTruncate();
            assertThat(replay(journal)).containsOnlyKeys(1L);
            assertThat(journal.size()).isEqualTo(intact);

            disk[0].heal();
            journal.append(2, put(2, "b"));
        }
        try (Journal journal = Journal.open(file())) {
            assertThat(replay(journal)).containsOnlyKeys(1L, 2L);
        }
    }

    private static Map<Long, List<Change>> replay(Journal journal) {
        Map<Long, List<Change>> records = new TreeMap<>();
        journal.replay(records::put);
        return records;
    }

    private static List<Change> put(long revision, String value) {
        return List.of(Change.put(revision, "k", value, value.getBytes(UTF_8)));
    }
}
