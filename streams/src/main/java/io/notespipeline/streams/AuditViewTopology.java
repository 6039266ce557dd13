package io.notespipeline.streams;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.streams.internal.AuditBucketSerde;
import io.notespipeline.streams.internal.BucketWatch;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The audit view: the latest report per {@code _audit} key, summed per tier over the reporters and joined per
 * (topic, partition, bucket) into an {@link AuditBucket}. A bucket is complete when no tier has fewer events
 * than the publisher, pending before its grace has passed, incomplete after (one warning, one metric move).
 * Offset reports are kept apart, per tier and partition, for the lag. Only describes the topology.
 *
 * <p>Metrics: counter {@value #INCOMPLETE_COUNTER} (buckets that turned incomplete), gauge
 * {@value #INCOMPLETE_GAUGE} (buckets incomplete now).
 */
public final class AuditViewTopology {

    /** Buckets with every tier's counts ({@code KeyValueStore<String, AuditBucket>}, key = {@link AuditBucket#key()}). */
    public static final String BUCKETS_STORE = "audit-buckets";
    /** Latest offset report per tier and partition ({@code KeyValueStore<String, AuditCount>}). */
    public static final String OFFSETS_STORE = "audit-offsets";
    /** Buckets not complete yet, with their warning flag ({@code KeyValueStore<String, AuditBucket>}). */
    public static final String OPEN_STORE = "audit-open";
    /**
     * Counter of buckets that turned incomplete. Not {@code notes.audit.incomplete.buckets.total}: Prometheus
     * names a counter without its {@code _total} suffix, which clashed with the gauge below ("meter
     * registration has failed" at every start, and no gauge).
     */
    public static final String INCOMPLETE_COUNTER = "notes.audit.buckets.turned.incomplete";
    /** Gauge of buckets incomplete now. */
    public static final String INCOMPLETE_GAUGE = "notes.audit.incomplete.buckets";

    private final Topic<String, AuditCount> audit;
    private final Duration grace;
    private final Duration checkInterval;
    private final Counter turnedIncomplete;
    private final AtomicLong incompleteNow;

    /**
     * @param audit         the typed {@code _audit} topic
     * @param grace         how long a bucket with a tier behind stays pending
     * @param checkInterval how often pending buckets are re-checked (wall clock)
     * @param meters        where the counter and gauge are registered
     */
    public AuditViewTopology(Topic<String, AuditCount> audit, Duration grace, Duration checkInterval,
            MeterRegistry meters) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.grace = Objects.requireNonNull(grace, "grace");
        this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
        this.turnedIncomplete = Counter.builder(INCOMPLETE_COUNTER)
                .description("Audit buckets that turned incomplete (a tier behind the publisher after the grace)")
                .register(meters);
        this.incompleteNow = new AtomicLong();
        Gauge previous = meters.find(INCOMPLETE_GAUGE).gauge();
        if (previous != null) {
            meters.remove(previous); // a restarted audit view in the same process owns the gauge from now on
        }
        Gauge.builder(INCOMPLETE_GAUGE, incompleteNow, AtomicLong::get)
                .description("Audit buckets incomplete now").register(meters);
    }

    /** @return the grace after which a bucket with a tier behind is incomplete */
    public Duration grace() {
        return grace;
    }

    /** Adds the audit view to {@code builder} and returns the built topology. */
    public Topology build(StreamsBuilder builder) {
        Serde<String> keys = Serdes.String();
        Serde<AuditCount> reports = audit.valueSerde();
        Serde<AuditBucket> buckets = AuditBucketSerde.serde();
        KTable<String, AuditCount> latest = builder.table(audit.name(), Consumed.with(keys, reports).withName("audit-reports"));
        latest.filter((k, v) -> v != null && AuditKeys.isOffsetReport(v), Named.as("offset-reports"),
                Materialized.<String, AuditCount, KeyValueStore<Bytes, byte[]>>as(OFFSETS_STORE)
                        .withKeySerde(keys).withValueSerde(reports));
        KTable<String, AuditBucket> joined = latest
                .filter((k, v) -> v != null && !AuditKeys.isOffsetReport(v), Named.as("count-reports"))
                .groupBy((k, v) -> KeyValue.pair(AuditKeys.bucketKey(v.getTopic(), v.getPartition(),
                        v.getBucketStart().toEpochMilli()), v), Grouped.with("by-bucket", keys, reports))
                .aggregate(AuditBucket::empty, (k, v, b) -> b.plus(v, 1), (k, v, b) -> b.plus(v, -1),
                        Named.as("join-tiers"), Materialized.<String, AuditBucket, KeyValueStore<Bytes, byte[]>>as(BUCKETS_STORE)
                                .withKeySerde(keys).withValueSerde(buckets));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_STORE), keys, buckets));
        joined.toStream(Named.as("bucket-changes"))
                .process(() -> new BucketWatch(OPEN_STORE, grace, checkInterval, turnedIncomplete, incompleteNow),
                        Named.as("watch-buckets"), OPEN_STORE);
        return builder.build();
    }
}
