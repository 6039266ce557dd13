package io.notespipeline.streams;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;

/**
 * Every tier's count of one (topic, partition, bucket of occurredAt): the row of the audit view.
 * The baseline is {@code log}, what is in the topic (read committed, whoever wrote it); the other counts are sums
 * over the tier's reporters (publisher runs); {@code views} includes rejects and duplicates.
 *
 * @param topic           the counted topic
 * @param partition       its partition
 * @param bucketStart     start of the occurredAt bucket (epoch ms, UTC)
 * @param bucketMs        length of the bucket
 * @param log             records in the log (the baseline)
 * @param produced        acknowledged by the publisher
 * @param views           handled by the views topology (applied + rejected + duplicates)
 * @param rejected        of {@code views}, rejected
 * @param duplicates      of {@code views}, dropped as duplicate eventIds
 * @param lake            in committed lake files
 * @param warehouse       in committed warehouse transactions
 * @param lastProducedAt  wall-clock time of the latest publisher or log report of the bucket (epoch ms; 0 if none)
 * @param flagged         whether the audit view has already warned that the bucket is incomplete
 */
public record AuditBucket(String topic, int partition, long bucketStart, long bucketMs, long log, long produced,
                          long views, long rejected, long duplicates, long lake, long warehouse, long lastProducedAt,
                          boolean flagged) {

    /** The outcome of a bucket at a given time. */
    public enum Status { COMPLETE, PENDING, INCOMPLETE }

    /** @return a bucket with no counts yet */
    public static AuditBucket empty() {
        return new AuditBucket("", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }

    /** @return this bucket with {@code report}'s counts added ({@code sign} 1) or taken away ({@code sign} -1) */
    public AuditBucket plus(AuditCount report, int sign) {
        long n = sign * report.getCount();
        long at = report.getBucketStart().toEpochMilli();
        String tier = report.getTier();
        boolean baseline = AuditKeys.PUBLISHER.equals(tier) || AuditKeys.LOG.equals(tier);
        long lastProduced = baseline && sign > 0
                ? Math.max(lastProducedAt, report.getReportedAt().toEpochMilli()) : lastProducedAt;
        return new AuditBucket(report.getTopic(), report.getPartition(), at, report.getBucketMs(),
                log + (AuditKeys.LOG.equals(tier) ? n : 0),
                produced + (AuditKeys.PUBLISHER.equals(tier) ? n : 0),
                views + (AuditKeys.VIEWS.equals(tier) ? n : 0),
                rejected + (AuditKeys.VIEWS.equals(tier) ? sign * report.getRejected() : 0),
                duplicates + (AuditKeys.VIEWS.equals(tier) ? sign * report.getDuplicates() : 0),
                lake + (AuditKeys.LAKE.equals(tier) ? n : 0),
                warehouse + (AuditKeys.WAREHOUSE.equals(tier) ? n : 0),
                lastProduced, flagged);
    }

    /** @return the same counts with the warning flag set to {@code value} */
    public AuditBucket withFlagged(boolean value) {
        return new AuditBucket(topic, partition, bucketStart, bucketMs, log, produced, views, rejected, duplicates,
                lake, warehouse, lastProducedAt, value);
    }

    /** @return the key joining the tiers: {@code <topic>/<partition>/<bucketStart>} */
    public String key() {
        return AuditKeys.bucketKey(topic, partition, bucketStart);
    }

    /** @return when the bucket stops being pending: the later of its end and its last log or publisher report, plus the grace */
    public long deadline(long graceMs) {
        return Math.max(bucketStart + bucketMs, lastProducedAt) + graceMs;
    }

    /**
     * @return true when the log has records in the bucket and the views, the lake and the warehouse each hold
     *         exactly as many (fewer is a loss, more a double), and the publisher acknowledged no more than the log
     *         holds. A publisher under the log is reported ({@link #differences()}) but does not make the bucket
     *         incomplete: its counts are lost when it is killed before it reports, and other producers write too.
     */
    public boolean complete() {
        return log > 0 && views == log && lake == log && warehouse == log && produced <= log;
    }

    /**
     * @return {@code COMPLETE} when {@link #complete()}; otherwise {@code PENDING} before {@link #deadline} and
     *         {@code INCOMPLETE} from then on
     */
    public Status status(long nowMs, long graceMs) {
        if (complete()) {
            return Status.COMPLETE;
        }
        return nowMs < deadline(graceMs) ? Status.PENDING : Status.INCOMPLETE;
    }

    /** @return each tier whose count differs from the log's, with its count minus the log's (in either direction) */
    public Map<String, Long> differences() {
        Map<String, Long> d = new LinkedHashMap<>();
        put(d, AuditKeys.PUBLISHER, produced);
        put(d, AuditKeys.VIEWS, views);
        put(d, AuditKeys.LAKE, lake);
        put(d, AuditKeys.WAREHOUSE, warehouse);
        return d;
    }

    private void put(Map<String, Long> d, String tier, long count) {
        if (count != log) {
            d.put(tier, count - log);
        }
    }

    /**
     * @return the largest difference, either way, of a consumer tier against the log, or of a publisher over it
     *         (0 when the bucket is complete)
     */
    public long difference() {
        long max = Math.max(0, produced - log);
        for (long c : new long[] {views, lake, warehouse}) {
            max = Math.max(max, Math.abs(c - log));
        }
        return max;
    }

    /** @return the differences as text, e.g. {@code "warehouse -3, views +2"}; empty when there is none */
    public String differencesText() {
        StringBuilder out = new StringBuilder();
        differences().forEach((tier, n) -> out.append(out.length() == 0 ? "" : ", ").append(tier).append(' ')
                .append(n > 0 ? "+" : "").append(n));
        return out.toString();
    }

    public Instant bucketStartInstant() {
        return Instant.ofEpochMilli(bucketStart);
    }
}
