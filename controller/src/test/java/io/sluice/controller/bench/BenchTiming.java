package io.sluice.controller.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/** The in-process benches' clock (the calling thread's CPU time) and how they print what it measured. */
final class BenchTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BenchTiming() {
    }

    /** The calling thread's CPU time, ns: a loaded machine's waits are not counted. */
    static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** p50 and p90, in ms, of the first {@code count} values (ns). */
    static String percentiles(long[] nanos, int count) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.2f  p90 %.2f", sorted[count / 2] / 1e6, sorted[count * 9 / 10] / 1e6);
    }
}
