package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The L3 agent's INFO lines for router runs that changed a namespace ("router R converged in T ms, W ms after
 * the last router_update arrived"), as convergences with wall-clock times. The log's clock is HH:mm:ss.SSS in
 * the machine's zone, so times are good to a millisecond.
 */
final class L3AgentLog {
    private static final Pattern CONVERGED = Pattern.compile("^(\\d{2}:\\d{2}:\\d{2}\\.\\d{3}) +\\w+ +\\[[^]]*] "
            + "L3Agent - router (\\S+) converged in ([\\d.]+) ms, ([\\d.]+) ms after the last router_update arrived");

    /** One router's convergence; times in epoch microseconds. */
    record Convergence(String routerId, long updateArrivedMicros, long startMicros, long endMicros) {
    }

    private L3AgentLog() {
    }

    static List<Convergence> convergences(Path log, LocalDate day) throws IOException {
        List<Convergence> found = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = CONVERGED.matcher(line);
            if (!m.find()) {
                continue;
            }
            long end = ControllerLog.epochMicros(m.group(1), day);
            long took = (long) (Double.parseDouble(m.group(3)) * 1_000);
            long sinceArrival = (long) (Double.parseDouble(m.group(4)) * 1_000);
            found.add(new Convergence(m.group(2), end - sinceArrival, end - took, end));
        }
        return found;
    }
}
