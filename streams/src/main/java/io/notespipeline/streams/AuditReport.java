package io.notespipeline.streams;

import java.time.Instant;
import java.util.List;

/**
 * What the audit view says for a time range: each bucket with its status, and the lag of each consumer tier.
 *
 * @param at      when the statuses were computed (UTC)
 * @param grace   the grace in milliseconds after which a bucket with a tier behind is incomplete
 * @param buckets the buckets of the range, oldest first
 * @param lag     committed offset against log end, per consumer tier and partition
 */
public record AuditReport(Instant at, long grace, List<Row> buckets, List<Lag> lag) {

    /**
     * One bucket.
     *
     * @param bucket     every tier's counts
     * @param status     complete, pending or incomplete at {@link AuditReport#at()}
     * @param difference how many events the tier furthest behind lacks against the publisher
     */
    public record Row(AuditBucket bucket, AuditBucket.Status status, long difference) {
    }

    /**
     * The offset-based lag of one consumer tier on one partition (it also sees events published outside the
     * publisher, which counts miss). A transaction's commit marker occupies an offset, so a tier that read
     * everything may show a lag of 1 until the next record.
     *
     * @param tier            views, lake or warehouse
     * @param topic           the consumed topic
     * @param partition       its partition
     * @param committedOffset the next offset the tier has durably processed (its latest report)
     * @param logEndOffset    the partition's last stable offset now; -1 if unknown
     * @param lag             {@code logEndOffset - committedOffset} (never negative); -1 if unknown
     * @param reportedAt      when the tier reported its offset
     */
    public record Lag(String tier, String topic, int partition, long committedOffset, long logEndOffset, long lag,
                      Instant reportedAt) {
    }

    /** @return how many buckets have {@code status} */
    public long count(AuditBucket.Status status) {
        return buckets.stream().filter(r -> r.status() == status).count();
    }

    /** @return true when no bucket is incomplete or pending */
    public boolean allComplete() {
        return buckets.stream().allMatch(r -> r.status() == AuditBucket.Status.COMPLETE);
    }
}
