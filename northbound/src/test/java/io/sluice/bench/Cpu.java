package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CPU time of process groups (utime + stime from /proc/PID/stat) and of the whole machine (/proc/stat). */
final class Cpu {
    /** Linux's USER_HZ, 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    record Sample(long nanos, Map<String, Long> ticks, long machineBusy, long machineTotal,
                  Map<String, Long> threadTicks) {
    }

    private Cpu() {
    }

    /** As {@link #sample(Map)}, with one process's threads by name (digits dropped: "GC Thread#1" → "GC Thread#"). */
    static Sample sample(Map<String, List<Long>> groups, long threadsOf) throws IOException {
        Sample s = sample(groups);
        Map<String, Long> threads = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + threadsOf + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "");
                    threads.merge(name, ticks(stat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return new Sample(s.nanos(), s.ticks(), s.machineBusy(), s.machineTotal(), threads);
    }

    /** The threads that used most CPU between two samples, as % of one core. */
    static String describeThreads(Sample before, Sample after, int top) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        return after.threadTicks().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.threadTicks().getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * e.getValue() / TICKS_PER_SECOND
                        / seconds))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static Sample sample(Map<String, List<Long>> groups) throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        groups.forEach((name, pids) -> ticks.put(name, pids.stream().mapToLong(Cpu::ticksOf).sum()));
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        return new Sample(System.nanoTime(), ticks, total - idle, total, Map.of());
    }

    static String describe(Sample before, Sample after) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        List<String> parts = new ArrayList<>();
        after.ticks().forEach((name, t) -> parts.add(String.format(Locale.ROOT, "%s %.0f%%", name,
                100 * (t - before.ticks().getOrDefault(name, 0L)) / TICKS_PER_SECOND / seconds)));
        double busy = (double) (after.machineBusy() - before.machineBusy())
                / Math.max(1, after.machineTotal() - before.machineTotal());
        parts.add(String.format(Locale.ROOT, "whole machine %.0f%% busy of %d cores",
                100 * busy, Runtime.getRuntime().availableProcessors()));
        return String.join(", ", parts);
    }

    private static long ticksOf(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
