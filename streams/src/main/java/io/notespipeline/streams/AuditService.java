package io.notespipeline.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.streams.internal.UnreadableOnlyHandler;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link AuditViewTopology} (its own Kafka Streams application, {@code streams.audit.application.id})
 * and answers {@link #report} from its stores, adding the log end offsets for the lag. Run one instance: the
 * stores are partitioned, and a report reads the local ones. Lifecycle: construct, {@link #start()},
 * {@link #close()}.
 */
public final class AuditService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditService.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final ViewsConfig config;
    private final KafkaStreams streams;
    private final Admin admin;
    private final Clock clock;
    private final long graceMs;

    /** The audit view of the catalogue's {@code _audit}. */
    public AuditService(ViewsConfig config, String bootstrapServers, TopicCatalog catalog, MeterRegistry meters) {
        this(config, bootstrapServers, catalog.auditCounts(), meters, Clock.systemUTC(), catalog.events(),
                catalog.config().auditBucketMs());
    }

    /**
     * @param config           grace, check interval, application id, state dir, commit interval
     * @param bootstrapServers the Kafka cluster
     * @param audit            the typed {@code _audit} topic
     * @param meters           where the incomplete-bucket counter and gauge go
     * @param clock            the time statuses are computed at
     */
    public AuditService(ViewsConfig config, String bootstrapServers, Topic<String, AuditCount> audit,
            MeterRegistry meters, Clock clock) {
        this(config, bootstrapServers, audit, meters, clock, null, 0);
    }

    /**
     * @param config           grace, check interval, application id, state dir, commit interval
     * @param bootstrapServers the Kafka cluster
     * @param audit            the typed {@code _audit} topic
     * @param meters           where the incomplete-bucket counter and gauge go
     * @param clock            the time statuses are computed at
     * @param events           the events topic the log tier counts (the baseline), or null for no log tier
     * @param bucketMs         the length of an audit bucket ({@code topics.audit.bucket.ms})
     */
    public AuditService(ViewsConfig config, String bootstrapServers, Topic<String, AuditCount> audit,
            MeterRegistry meters, Clock clock, Topic<String, io.notespipeline.schemas.avro.NoteEvent> events,
            long bucketMs) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = clock;
        this.graceMs = config.auditGrace().toMillis();
        AuditViewTopology topology = new AuditViewTopology(audit, config.auditGrace(), config.auditCheckInterval(), meters);
        if (events != null) {
            Duration interval = config.auditInterval().isZero() ? Duration.ofSeconds(5) : config.auditInterval();
            topology.withLogTier(events, bucketMs, interval);
        }
        this.streams = new KafkaStreams(topology.build(new StreamsBuilder()), properties(config, bootstrapServers));
        streams.setUncaughtExceptionHandler(e -> { // e.g. the registry was unavailable: read the record again
            log.error("Audit stream thread failed applicationId={}; replacing it", config.auditApplicationId(), e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("Audit view state {} -> {} applicationId={}", before, now,
                config.auditApplicationId()));
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static Properties properties(ViewsConfig config, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.auditApplicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(ViewsConfig.STATE_DIR_CONFIG));
        // always exactly-once, whatever the views run under: the bucket join (a KTable aggregate with a subtractor)
        // applies a change twice when a crash makes at-least-once read it again, and the audit says "complete" only
        // when that is certain
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        if (config.getLong(ViewsConfig.COMMIT_INTERVAL_CONFIG) >= 0) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(ViewsConfig.COMMIT_INTERVAL_CONFIG));
        }
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt(ViewsConfig.REPLICATION_FACTOR_CONFIG));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UnreadableOnlyHandler.class);
        p.put("processing.exception.handler.global.enabled", true); // as the views: Kafka 5.0's default, no start-up warning
        p.put(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), true); // see ViewsConfig
        // the log tier counts what is committed in the log, also under at_least_once
        p.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG),
                "read_committed");
        return p;
    }

    /** Starts the audit view (returns at once). */
    public void start() {
        log.info("Starting audit view applicationId={} grace={}", config.auditApplicationId(), config.auditGrace());
        streams.start();
    }

    /** @return the audit view's Kafka Streams state, for health */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** @return true while the audit view is RUNNING */
    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * @param from first bucket start included (null: no bound)
     * @param to   bucket starts before this (null: no bound)
     * @return the buckets of the range with their status now, and the lag of every consumer tier
     * @throws NotesStreamsException when the stores cannot be read (starting, rebalancing)
     */
    public AuditReport report(Instant from, Instant to) {
        long now = clock.millis();
        List<AuditReport.Row> rows = new ArrayList<>();
        try (KeyValueIterator<String, AuditBucket> it = this.<AuditBucket>store(AuditViewTopology.BUCKETS_STORE).all()) {
            while (it.hasNext()) {
                AuditBucket b = it.next().value;
                if (b == null || b.log() + b.produced() + b.views() + b.lake() + b.warehouse() == 0) {
                    continue;
                }
                if ((from == null || b.bucketStart() >= from.toEpochMilli()) && (to == null || b.bucketStart() < to.toEpochMilli())) {
                    rows.add(new AuditReport.Row(b, b.status(now, graceMs), b.difference()));
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new NotesStreamsException("the audit view is not ready (state " + streams.state() + ")", e);
        }
        rows.sort(Comparator.comparingLong((AuditReport.Row r) -> r.bucket().bucketStart())
                .thenComparing(r -> r.bucket().topic()).thenComparingInt(r -> r.bucket().partition()));
        return new AuditReport(Instant.ofEpochMilli(now), graceMs, rows, lag());
    }

    private List<AuditReport.Lag> lag() {
        List<AuditCount> offsets = new ArrayList<>();
        try (KeyValueIterator<String, AuditCount> it = this.<AuditCount>store(AuditViewTopology.OFFSETS_STORE).all()) {
            while (it.hasNext()) {
                KeyValue<String, AuditCount> e = it.next();
                if (e.value != null && e.value.getCommittedOffset() != null) {
                    offsets.add(e.value);
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new NotesStreamsException("the audit view is not ready (state " + streams.state() + ")", e);
        }
        Map<TopicPartition, Long> ends = logEnds(offsets);
        List<AuditReport.Lag> lag = new ArrayList<>();
        for (AuditCount o : offsets) {
            long end = ends.getOrDefault(new TopicPartition(o.getTopic(), o.getPartition()), -1L);
            long committed = o.getCommittedOffset();
            lag.add(new AuditReport.Lag(o.getTier(), o.getTopic(), o.getPartition(), committed, end,
                    end < 0 ? -1 : Math.max(0, end - committed), o.getReportedAt()));
        }
        lag.sort(Comparator.comparing(AuditReport.Lag::tier).thenComparing(AuditReport.Lag::topic)
                .thenComparingInt(AuditReport.Lag::partition));
        return lag;
    }

    private Map<TopicPartition, Long> logEnds(List<AuditCount> offsets) {
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        offsets.forEach(o -> wanted.put(new TopicPartition(o.getTopic(), o.getPartition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (wanted.isEmpty()) {
            return ends;
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin
                    .listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            result.forEach((tp, info) -> ends.put(tp, info.offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Cannot read log end offsets, lag unknown: {}", e.toString());
        }
        return ends;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    /** Stops the audit view and leaves the group, so a restarted instance gets the partitions at once. */
    @Override
    public void close() {
        streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        admin.close(ADMIN_TIMEOUT);
        log.info("Closed audit view applicationId={}", config.auditApplicationId());
    }
}
