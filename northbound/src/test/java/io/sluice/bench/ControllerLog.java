package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controller's INFO lines for reconciliation runs that sent something ("switch D reconciled: DIFF in T
 * ms", logged when the run's closing barrier or bundle commit came back), turned into runs with wall-clock
 * start and end. The log's clock is HH:mm:ss.SSS in the machine's zone, so times are good to a millisecond.
 */
final class ControllerLog {
    private static final Pattern RUN = Pattern.compile(
            "^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3}) +\\w+ +\\[[^]]*] Reconciler - switch (\\S+) reconciled(?: with errors)?: "
                    + "(.*) in (\\d+) ms.*");

    /** One run on one host's switch; times in epoch microseconds. */
    record Run(String host, long startMicros, long endMicros, String diff) {
    }

    private ControllerLog() {
    }

    static List<Run> runs(Path log, Map<String, String> hostByDpid, LocalDate day) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = RUN.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long end = epochMicros(m.group(1), day);
            long took = Long.parseLong(m.group(4)) * 1_000;
            runs.add(new Run(hostByDpid.getOrDefault(m.group(2), m.group(2)), end - took, end, m.group(3)));
        }
        return runs;
    }

    /** A log line's HH:mm:ss.SSS, on {@code day} in the machine's zone, in epoch microseconds. */
    static long epochMicros(String time, LocalDate day) {
        ZonedDateTime at = LocalTime.parse(time).atDate(day).atZone(ZoneId.systemDefault());
        return at.toInstant().getEpochSecond() * 1_000_000 + at.toInstant().getNano() / 1_000;
    }
}
