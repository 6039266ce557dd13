package io.notespipeline.schemas.audit;

import java.time.Instant;

import io.notespipeline.schemas.avro.AuditCount;

/**
 * The contract of the {@code _audit} topic's keys and buckets, shared by every tier.
 *
 * <p>A count report is keyed {@code count/<tier>/<reporter>/<topic>/<partition>/<bucketStart ISO-8601>} and an
 * offset report {@code offset/<tier>/<reporter>/<topic>/<partition>}; the topic is compacted, so the latest
 * report per key wins. Every report is cumulative (the tier's whole count for that key so far, as durably
 * committed), never a delta, so re-sending one after a restart changes nothing.
 */
public final class AuditKeys {

    /**
     * Tier of the log itself: the records that are in the topic per (partition, occurredAt bucket), read committed,
     * whoever wrote them; the audit's baseline, every other tier is compared with it.
     */
    public static final String LOG = "log";
    /** Tier of the publisher: sends acknowledged by the broker. */
    public static final String PUBLISHER = "publisher";
    /** Tier of the views topology: events applied, rejected or dropped as duplicates. */
    public static final String VIEWS = "views";
    /** Tier of the lake sink: events in committed lake files. */
    public static final String LAKE = "lake";
    /** Tier of the warehouse sink: events in committed warehouse transactions. */
    public static final String WAREHOUSE = "warehouse";

    private AuditKeys() {
    }

    /** @return the start of the bucket holding {@code occurredAtMs} (floor to a multiple of {@code bucketMs}) */
    public static long bucketStart(long occurredAtMs, long bucketMs) {
        return Math.floorDiv(occurredAtMs, bucketMs) * bucketMs;
    }

    /** @return the key of a count report */
    public static String countKey(String tier, String reporter, String topic, int partition, long bucketStart) {
        return "count/" + tier + "/" + reporter + "/" + topic + "/" + partition + "/" + Instant.ofEpochMilli(bucketStart);
    }

    /** @return the key of an offset report */
    public static String offsetKey(String tier, String reporter, String topic, int partition) {
        return "offset/" + tier + "/" + reporter + "/" + topic + "/" + partition;
    }

    /** @return the key a report has on {@code _audit} */
    public static String keyOf(AuditCount report) {
        return report.getBucketStart() == null
                ? offsetKey(report.getTier(), report.getReporter(), report.getTopic(), report.getPartition())
                : countKey(report.getTier(), report.getReporter(), report.getTopic(), report.getPartition(),
                        report.getBucketStart().toEpochMilli());
    }

    /** @return the key of the bucket every tier's counts are joined on: {@code <topic>/<partition>/<bucketStart ISO-8601>} */
    public static String bucketKey(String topic, int partition, long bucketStart) {
        return topic + "/" + partition + "/" + Instant.ofEpochMilli(bucketStart);
    }

    /** @return true for an offset report (no bucket) */
    public static boolean isOffsetReport(AuditCount report) {
        return report.getBucketStart() == null;
    }
}
