package io.notespipeline.bench;

/**
 * One figure of the report next to its baseline measured in the same run.
 *
 * @param id            the row number of the table ("1", "4a", ...)
 * @param figure        what is measured
 * @param value         the measured value, or null when not measured
 * @param unit          unit of value and baseline ({@code events/s}, {@code ms}, {@code MB}, ...)
 * @param baseline      what the baseline is ("raw KafkaProducer&lt;byte[],byte[]&gt;"), or "—" when the target is absolute
 * @param baselineValue the baseline measured in the same run, or null
 * @param ratio         value / baseline (the target says whether higher or lower is better), or null
 * @param target        the target as written in the issue
 * @param met           whether the target is met, or null when it cannot be told
 * @param note          how it was measured, or why it was not ("not measured (reason)")
 */
public record BenchRow(String id, String figure, Double value, String unit, String baseline, Double baselineValue,
        Double ratio, String target, Boolean met, String note) {

    /** @return a row that could not be measured, with the reason. */
    public static BenchRow notMeasured(String id, String figure, String baseline, String target, String reason) {
        return new BenchRow(id, figure, null, "", baseline, null, null, target, null, "not measured (" + reason + ")");
    }

    /** @return true when a value was measured. */
    public boolean measured() {
        return value != null;
    }
}
