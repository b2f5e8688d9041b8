package io.facegate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Order statistics of a handful of measurements (nearest rank; no interpolation, no assumption of a distribution). */
final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = sorted(values);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The nearest-rank quantile: the smallest value with at least {@code q} of the values at or below it. */
    static double quantile(List<Double> values, double q) {
        List<Double> sorted = sorted(values);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(q * sorted.size()) - 1)));
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The values rounded to whole numbers, space-separated, in measurement order. */
    static String list(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted;
    }
}
