package io.notespipeline.schemas;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of the topic catalogue: how many partitions and replicas the pipeline's topics get. */
public final class CatalogConfig extends AbstractConfig {

    public static final String PARTITIONS_CONFIG = "topics.partitions";
    public static final int PARTITIONS_DEFAULT = 6;
    public static final String PARTITIONS_DOC = "Partitions of notes.events and of the topics keyed like it "
            + "(talk views, rejects). Bounds how many streams instances share the work.";

    public static final String REPLICATION_CONFIG = "topics.replication.factor";
    public static final short REPLICATION_DEFAULT = 1;
    public static final String REPLICATION_DOC = "Replication factor of every topic the pipeline creates "
            + "(1 for the embedded single-node broker; 3 on a production cluster).";

    public static final String DEDUPE_RETENTION_CONFIG = "topics.audit.retention.ms";
    public static final long DEDUPE_RETENTION_DEFAULT = 30L * 24 * 60 * 60 * 1000;
    public static final String DEDUPE_RETENTION_DOC = "Retention of the _audit topic.";

    public static final String AUDIT_BUCKET_CONFIG = "topics.audit.bucket.ms";
    public static final long AUDIT_BUCKET_DEFAULT = 60_000L;
    public static final String AUDIT_BUCKET_DOC = "Length of an audit bucket of the events' occurredAt: every tier counts "
            + "per (topic, partition, bucket); all tiers must use the same value.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(PARTITIONS_CONFIG, Type.INT, PARTITIONS_DEFAULT, Range.atLeast(1), Importance.HIGH, PARTITIONS_DOC)
            .define(REPLICATION_CONFIG, Type.SHORT, REPLICATION_DEFAULT, Range.atLeast(1), Importance.HIGH, REPLICATION_DOC)
            .define(DEDUPE_RETENTION_CONFIG, Type.LONG, DEDUPE_RETENTION_DEFAULT, Range.atLeast(-1), Importance.LOW,
                    DEDUPE_RETENTION_DOC)
            .define(AUDIT_BUCKET_CONFIG, Type.LONG, AUDIT_BUCKET_DEFAULT, Range.atLeast(1000), Importance.LOW,
                    AUDIT_BUCKET_DOC);

    public CatalogConfig(Map<String, ?> values) {
        super(CONFIG, values);
    }

    /** @return the defaults. */
    public static CatalogConfig defaults() {
        return new CatalogConfig(Map.of());
    }

    public int partitions() {
        return getInt(PARTITIONS_CONFIG);
    }

    public short replicationFactor() {
        return getShort(REPLICATION_CONFIG);
    }

    public long auditRetentionMs() {
        return getLong(DEDUPE_RETENTION_CONFIG);
    }

    /** @return the length of an audit bucket of occurredAt, in milliseconds */
    public long auditBucketMs() {
        return getLong(AUDIT_BUCKET_CONFIG);
    }
}
