package io.sluice.controller.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.PersistentMaps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The book's usable reports, kept up to date port by port, are what rebuilding them from every host's ports gave
 * ({@link WholeRebuild}, the book as it was), over random walks of registrations, updates (full lists, changes,
 * removals, unusable ports, reports naming another host, reports repeated unchanged) and restores; and each
 * version tells the ports that changed from the last ({@link PersistentMaps#changedKeys}). Seeded: a failure names
 * its seed and step.
 */
class PortBookTest {
    private static final List<String> HOSTS = List.of("hv1", "hv2", "hv3", "hv4");
    private static final List<String> PORTS = List.of("a", "b", "c", "d", "e", "f", "g", "h");

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
    void theUsableReportsAreWhatARebuildFromEveryHostGives(long seed) {
        Random random = new Random(seed);
        PortBook book = new PortBook();
        WholeRebuild rebuild = new WholeRebuild();
        Map<String, List<PortReport>> last = book.usableEverywhere();
        for (int step = 0; step < 500; step++) {
            String context = "seed " + seed + " step " + step;
            String host = HOSTS.get(random.nextInt(HOSTS.size()));
            int what = random.nextInt(10);
            if (what == 0) {
                book.registered(host);
                rebuild.registered(host);
            } else if (what == 1) {
                List<PortReport> reports = reports(random, host);
                book.restore(host, reports);
                rebuild.restore(host, reports);
            } else {
                List<PortReport> reports = reports(random, host);
                assertThat(book.update(host, reports)).as(context).isEqualTo(rebuild.update(host, reports));
            }
            Map<String, List<PortReport>> usable = book.usableEverywhere();
            assertThat(usable).as(context).isEqualTo(rebuild.usable());
            if (usable.equals(last)) {
                assertThat(usable).as(context + ": the same map while no usable report changed").isSameAs(last);
            }
            Set<String> differing = new HashSet<>(usable.keySet());
            differing.addAll(last.keySet());
            Map<String, List<PortReport>> before = last;
            differing.removeIf(id -> Objects.equals(before.get(id), usable.get(id)));
            assertThat(PersistentMaps.changedKeys(last, usable)).as(context).containsAll(differing);
            last = usable;
        }
    }

    /** A few of this host's ports plugged, unplugged, unusable or repeated, and now and then another host's. */
    private static List<PortReport> reports(Random random, String host) {
        List<PortReport> reports = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            String port = PORTS.get(random.nextInt(PORTS.size()));
            String on = random.nextInt(12) == 0 ? HOSTS.get(random.nextInt(HOSTS.size())) : host;
            int ofport = random.nextInt(5) == 0 ? -1 : 1 + random.nextInt(2); // few values: many repeated reports
            reports.add(new PortReport(port, on, ofport, "fa:16:3e:00:00:01", random.nextInt(6) > 0));
        }
        return reports;
    }

    /** The book as it was: every host's ports copied at each update, the usable reports rebuilt from all of them. */
    private static final class WholeRebuild {
        private record Entry(PortReport report, long arrival) {
        }

        private final Map<String, Map<String, Entry>> byHost = new HashMap<>();
        private final Set<String> awaitingFullList = new HashSet<>();
        private long arrivals;

        void registered(String host) {
            awaitingFullList.add(host);
        }

        boolean update(String host, List<PortReport> reports) {
            Map<String, Entry> before = byHost.getOrDefault(host, Map.of());
            Map<String, Entry> after = new HashMap<>(awaitingFullList.remove(host) ? Map.of() : before);
            for (PortReport report : reports) {
                if (!report.host().equals(host)) {
                    continue;
                }
                if (!report.present()) {
                    after.remove(report.portId());
                } else {
                    Entry previous = before.get(report.portId());
                    boolean news = previous == null || !previous.report().equals(report);
                    after.put(report.portId(), news ? new Entry(report, ++arrivals) : previous);
                }
            }
            byHost.put(host, after);
            return !before.equals(after);
        }

        void restore(String host, List<PortReport> reports) {
            Map<String, Entry> restored = new HashMap<>();
            reports.stream().filter(r -> r.host().equals(host))
                    .forEach(r -> restored.put(r.portId(), new Entry(r, ++arrivals)));
            byHost.put(host, restored);
        }

        Map<String, List<PortReport>> usable() {
            Map<String, List<Entry>> entries = new HashMap<>();
            byHost.values().forEach(ports -> ports.values().stream().filter(entry -> entry.report().isUsable())
                    .forEach(entry -> entries.computeIfAbsent(entry.report().portId(), id -> new ArrayList<>())
                            .add(entry)));
            Map<String, List<PortReport>> usable = new HashMap<>();
            entries.forEach((portId, list) -> usable.put(portId,
                    list.stream().sorted(Comparator.comparingLong(Entry::arrival)).map(Entry::report).toList()));
            return Collections.unmodifiableMap(usable);
        }
    }
}
