package io.notespipeline.streams;

import java.time.Instant;

import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;

/**
 * Every tier's count of one (topic, partition, bucket of occurredAt): the row of the audit view.
 * Counts are sums over the tier's reporters (publisher runs); {@code views} includes rejects and duplicates.
 *
 * @param topic           the counted topic
 * @param partition       its partition
 * @param bucketStart     start of the occurredAt bucket (epoch ms, UTC)
 * @param bucketMs        length of the bucket
 * @param produced        acknowledged by the publisher
 * @param views           handled by the views topology (applied + rejected + duplicates)
 * @param rejected        of {@code views}, rejected
 * @param duplicates      of {@code views}, dropped as duplicate eventIds
 * @param lake            in committed lake files
 * @param warehouse       in committed warehouse transactions
 * @param lastProducedAt  wall-clock time of the latest publisher report of the bucket (epoch ms; 0 if none)
 * @param flagged         whether the audit view has already warned that the bucket is incomplete
 */
public record AuditBucket(String topic, int partition, long bucketStart, long bucketMs, long produced, long views,
                          long rejected, long duplicates, long lake, long warehouse, long lastProducedAt,
                          boolean flagged) {

    /** The outcome of a bucket at a given time. */
    public enum Status { COMPLETE, PENDING, INCOMPLETE }

    /** @return a bucket with no counts yet */
    public static AuditBucket empty() {
        return new AuditBucket("", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }

    /** @return this bucket with {@code report}'s counts added ({@code sign} 1) or taken away ({@code sign} -1) */
    public AuditBucket plus(AuditCount report, int sign) {
        long n = sign * report.getCount();
        long at = report.getBucketStart().toEpochMilli();
        String tier = report.getTier();
        long lastProduced = AuditKeys.PUBLISHER.equals(tier) && sign > 0
                ? Math.max(lastProducedAt, report.getReportedAt().toEpochMilli()) : lastProducedAt;
        return new AuditBucket(report.getTopic(), report.getPartition(), at, report.getBucketMs(),
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
        return new AuditBucket(topic, partition, bucketStart, bucketMs, produced, views, rejected, duplicates, lake,
                warehouse, lastProducedAt, value);
    }

    /** @return the key joining the tiers: {@code <topic>/<partition>/<bucketStart>} */
    public String key() {
        return AuditKeys.bucketKey(topic, partition, bucketStart);
    }

    /** @return when the bucket stops being pending: the later of its end and its last publisher report, plus the grace */
    public long deadline(long graceMs) {
        return Math.max(bucketStart + bucketMs, lastProducedAt) + graceMs;
    }

    /**
     * @return {@code COMPLETE} when no tier has fewer events than the publisher; otherwise {@code PENDING} before
     *         {@link #deadline} and {@code INCOMPLETE} from then on
     */
    public Status status(long nowMs, long graceMs) {
        if (views >= produced && lake >= produced && warehouse >= produced) {
            return Status.COMPLETE;
        }
        return nowMs < deadline(graceMs) ? Status.PENDING : Status.INCOMPLETE;
    }

    /** @return the largest shortfall of a tier against the publisher (0 when none is behind) */
    public long difference() {
        return Math.max(0, produced - Math.min(views, Math.min(lake, warehouse)));
    }

    public Instant bucketStartInstant() {
        return Instant.ofEpochMilli(bucketStart);
    }
}
