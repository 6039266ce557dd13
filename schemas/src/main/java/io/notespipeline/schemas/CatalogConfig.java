package io.notespipeline.schemas;

import static io.notespipeline.schemas.ConfigDefs.define;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of the topic catalogue: how many partitions and replicas the pipeline's topics get. */
public final class CatalogConfig extends AbstractConfig {

    public static final ConfigDef CONFIG = new ConfigDef();

    public static final String PARTITIONS_CONFIG = define(CONFIG, "topics.partitions", Type.INT, 6, Range.atLeast(1),
            Importance.HIGH,
            "Partitions of notes.events and of the topics keyed like it "
            + "(talk views, rejects). Bounds how many streams instances share the work.");

    public static final String REPLICATION_CONFIG = define(CONFIG, "topics.replication.factor", Type.SHORT, (short) 1,
            Range.atLeast(1), Importance.HIGH,
            "Replication factor of every topic the pipeline creates "
            + "(1 for the embedded single-node broker; 3 on a production cluster).");

    public static final String DEDUPE_RETENTION_CONFIG = define(CONFIG, "topics.audit.retention.ms", Type.LONG,
            30L * 24 * 60 * 60 * 1000, Range.atLeast(-1), Importance.LOW,
            "Retention of the _audit topic.");

    public static final String AUDIT_BUCKET_CONFIG = define(CONFIG, "topics.audit.bucket.ms", Type.LONG, 60_000L,
            Range.atLeast(1000), Importance.LOW,
            "Length of an audit bucket of the events' occurredAt: every tier counts "
            + "per (topic, partition, bucket); all tiers must use the same value.");

    public CatalogConfig(Map<String, ?> values) {
        super(CONFIG, values);
    }

    /** @return the defaults. */
    public static CatalogConfig defaults() { return new CatalogConfig(Map.of()); }

    public int partitions() { return getInt(PARTITIONS_CONFIG); }
    public short replicationFactor() { return getShort(REPLICATION_CONFIG); }
    public long auditRetentionMs() { return getLong(DEDUPE_RETENTION_CONFIG); }
    /** @return the length of an audit bucket of occurredAt, in milliseconds */
    public long auditBucketMs() { return getLong(AUDIT_BUCKET_CONFIG); }
}
