package io.notespipeline.bench.internal;

import io.notespipeline.bench.BenchRow;

/** Builds report rows: ratio = value / baseline, and whether the target is met. */
public final class Rows {

    private Rows() {
    }

    /** A row whose target is {@code value / baseline >= minRatio}. */
    public static BenchRow atLeastRatio(String id, String figure, double value, String unit, String baseline,
            double baselineValue, double minRatio, String note) {
        double ratio = value / baselineValue;
        return new BenchRow(id, figure, value, unit, baseline, baselineValue, ratio,
                String.format(java.util.Locale.ROOT, "≥ %.1f×", minRatio), ratio >= minRatio, note);
    }

    /** A row whose target is {@code value / baseline <= maxRatio} (times: lower is better). */
    public static BenchRow atMostRatio(String id, String figure, double value, String unit, String baseline,
            double baselineValue, double maxRatio, String note) {
        double ratio = value / baselineValue;
        return new BenchRow(id, figure, value, unit, baseline, baselineValue, ratio,
                String.format(java.util.Locale.ROOT, "≤ %.0f×", maxRatio), ratio <= maxRatio, note);
    }

    /** A row with an absolute target checked by {@code met} (null: no target); the ratio is still shown. */
    public static BenchRow absolute(String id, String figure, double value, String unit, String baseline,
            Double baselineValue, String target, Boolean met, String note) {
        Double ratio = baselineValue == null || baselineValue == 0 ? null : value / baselineValue;
        return new BenchRow(id, figure, value, unit, baseline, baselineValue, ratio, target, met, note);
    }
}
