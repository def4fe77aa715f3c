package io.sluice.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Percentiles by nearest rank (p99 of 100 samples is the 99th smallest; of 1 sample, that sample). */
record Stats(int count, double p50, double p90, double p99, double max, double mean) {
    static Stats of(Collection<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(Double.NaN));
    }

    /**
     * The figures of some measurements; one that never happened (NaN) counts at the timeout, so percentiles
     * do not improve by failing.
     */
    static <T> List<Double> countingMissingAt(List<T> measured, ToDoubleFunction<T> figure, Duration timeout) {
        return measured.stream().map(m -> {
            double v = figure.applyAsDouble(m);
            return Double.isNaN(v) ? (double) timeout.toMillis() : v;
        }).toList();
    }

    static double rank(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    String ms() {
        if (count == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  max %s  mean %s ms", f(p50), f(p90), f(p99),
                f(max), f(mean));
    }

    static String f(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }
}
