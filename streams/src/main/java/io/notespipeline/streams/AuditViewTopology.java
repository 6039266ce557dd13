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
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.streams.internal.AuditBucketSerde;
import io.notespipeline.streams.internal.AuditLogCounter;
import io.notespipeline.streams.internal.BucketWatch;
import io.notespipeline.streams.internal.WriteBehindStore;
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
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The audit view: the latest report per {@code _audit} key, summed per tier over the reporters and joined per
 * (topic, partition, bucket) into an {@link AuditBucket}. When given the events topic it also runs the log tier
 * ({@link AuditLogCounter}): what is in the log per (partition, bucket), reported to {@code _audit} like any tier,
 * the baseline every other tier is compared with. A bucket is complete when the consumer tiers hold exactly what
 * the log holds ({@link AuditBucket#complete()}), pending before its grace has passed, incomplete after (one
 * warning, one metric move). Offset reports are kept apart, per tier and partition, for the lag. Only describes
 * the topology.
 *
 * <p>Metrics: counter {@value #INCOMPLETE_COUNTER} (buckets that turned incomplete), gauge
 * {@value #INCOMPLETE_GAUGE} (buckets incomplete now).
 */
public final class AuditViewTopology {

    /** Buckets with every tier's counts ({@code KeyValueStore<String, AuditBucket>}, key = {@link AuditBucket#key()}). */
    public static final String BUCKETS_STORE = "audit-buckets";
    /** Latest offset report per tier and partition ({@code KeyValueStore<String, AuditCount>}). */
    public static final String OFFSETS_STORE = "audit-offsets";
    /** The log tier's cumulative counts and positions ({@code KeyValueStore<String, AuditCount>}). */
    public static final String LOG_COUNTS_STORE = "audit-log-counts";
    /** The log tier's keys changed since its last report ({@code KeyValueStore<String, Long>}). */
    public static final String LOG_CHANGED_STORE = "audit-log-changed";
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
    private Topic<String, NoteEvent> events;
    private long bucketMs;
    private Duration logInterval;

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

    /**
     * Adds the log tier: counts what is in {@code events} per (partition, bucket of {@code bucketMs}), reported to
     * {@code _audit} every {@code interval}.
     *
     * @return this
     */
    public AuditViewTopology withLogTier(Topic<String, NoteEvent> events, long bucketMs, Duration interval) {
        this.events = Objects.requireNonNull(events, "events");
        this.bucketMs = bucketMs;
        this.logInterval = interval;
        return this;
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
        if (events != null) {
            // write-behind: one changelog record per changed key per commit, not four per event (see TalkViewTopology)
            builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(LOG_COUNTS_STORE), keys, reports), WriteBehindStore.KEY_ORDER));
            builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(LOG_CHANGED_STORE), keys, Serdes.Long()), WriteBehindStore.KEY_ORDER));
            var deserializer = events.valueSerde().deserializer();
            builder.stream(events.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("log-events"))
                    .process(() -> new AuditLogCounter(LOG_COUNTS_STORE, LOG_CHANGED_STORE, deserializer, bucketMs,
                            logInterval), Named.as("count-log"), LOG_COUNTS_STORE, LOG_CHANGED_STORE)
                    .to(audit.name(), Produced.<String, AuditCount>with(keys, reports).withName("log-reports"));
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_STORE), keys, buckets));
        joined.toStream(Named.as("bucket-changes"))
                .process(() -> new BucketWatch(OPEN_STORE, grace, checkInterval, turnedIncomplete, incompleteNow),
                        Named.as("watch-buckets"), OPEN_STORE);
        return builder.build();
    }
}
