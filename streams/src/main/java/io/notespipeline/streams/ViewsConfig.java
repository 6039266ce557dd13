package io.notespipeline.streams;

import static io.notespipeline.schemas.ConfigDefs.define;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;

import io.notespipeline.streams.internal.UnreadableOnlyHandler;

/** Settings of the views service: the Kafka Streams app that folds the talk views and answers queries. */
public final class ViewsConfig extends AbstractConfig {

    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    public static final int STANDBY_REPLICAS_DEFAULT = 1;
    /** -1: Kafka's default for the guarantee (100 ms exactly-once, 30 s at-least-once). */
    public static final long COMMIT_INTERVAL_DEFAULT = -1L;

    public static final ConfigDef CONFIG = new ConfigDef();

    public static final String EMIT_INTERVAL_CONFIG = define(CONFIG, "streams.views.emit.interval.ms", Type.LONG,
            1000L, Range.atLeast(1), Importance.LOW,
            "How often (wall clock) the changed views go to notes.talk-views: "
            + "once per changed talk per interval, not once per event, so the topic may lag the stores by up to this "
            + "plus one commit (queries read the stores and stay current).");

    public static final String FORWARDING_SECRET_CONFIG = define(CONFIG, "streams.forwarding.secret", Type.PASSWORD,
            "", Importance.HIGH,
            "Shared secret with which the views' instances forward a query to the instance owning its key (and "
            + "recognise a forwarded one); the caller's token is never forwarded and client forwarding headers "
            + "are ignored. Every instance of one application must have the same; empty: a random one per "
            + "process, right for a single instance (notes up), while several instances then cannot forward.");

    public static final String APPLICATION_ID_CONFIG = define(CONFIG, "streams.application.id", Type.STRING,
            "notes-views", Importance.HIGH,
            "Kafka Streams application id: instances with the same id "
            + "share the partitions of notes.events; it also prefixes the internal topics.");

    public static final String STATE_DIR_CONFIG = define(CONFIG, "streams.state.dir", Type.STRING, "data/streams",
            Importance.HIGH,
            "Folder of the RocksDB state stores (one per instance).");

    public static final String PROCESSING_GUARANTEE_CONFIG = define(CONFIG, "streams.processing.guarantee",
            Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
            ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM,
            "exactly_once_v2 (views, rejects and store changes "
            + "commit atomically with the input offsets) or at_least_once (faster, but after a crash the views may "
            + "apply again part of what followed their last commit, see docs/design.md; the audit counts stay exact). "
            + "The audit view always runs exactly_once_v2.");

    public static final String STANDBY_REPLICAS_CONFIG = define(CONFIG, "streams.num.standby.replicas", Type.INT,
            STANDBY_REPLICAS_DEFAULT, Range.atLeast(0), Importance.MEDIUM,
            "Warm copies of each store kept on other instances; a "
            + "standby answers (marked stale) while the active copy restores.");

    public static final String THREADS_CONFIG = define(CONFIG, "streams.num.stream.threads", Type.INT, 2,
            Range.atLeast(1), Importance.MEDIUM,
            "Stream threads of this instance. Two by default: under exactly-once a thread spends about a third of its "
            + "time blocked in commits, which a second thread overlaps with processing (produce-to-queryable p50 "
            + "fell from 0.6-3.5 s to 27-129 ms at 5,000 events/s on 2 cores); about one per core beyond that.");

    public static final String APPLICATION_SERVER_CONFIG = define(CONFIG, "streams.application.server", Type.STRING,
            "", Importance.HIGH,
            "host:port where other instances reach this instance's "
            + "query API (the HTTP port the QueryApi is registered on). Empty: single instance, no forwarding.");

    public static final String COMMIT_INTERVAL_CONFIG = define(CONFIG, "streams.commit.interval.ms", Type.LONG,
            COMMIT_INTERVAL_DEFAULT, Range.atLeast(-1), Importance.LOW,
            "How often Kafka Streams commits; -1 (default) takes Kafka's "
            + "default for the guarantee: 100 ms under exactly-once (how soon a write becomes visible downstream), "
            + "30 s under at-least-once (where reads of the stores see writes at once and every commit waits for the "
            + "producer and flushes the stores: 100 ms cost 3.5x in the bench)");

    public static final String REPLICATION_FACTOR_CONFIG = define(CONFIG, "streams.replication.factor", Type.INT, -1,
            Range.atLeast(-1), Importance.MEDIUM,
            "Replication factor of the internal changelog and "
            + "repartition topics; -1 uses the broker default.");

    public static final String DEDUPE_RETENTION_CONFIG = define(CONFIG, "streams.dedupe.retention.ms", Type.LONG,
            7 * DAY_MS, Range.atLeast(1000), Importance.MEDIUM,
            "Unused since issue 13 (kept so existing settings still "
            + "parse): every eventId applied is remembered for good, so a retry at any distance is dropped and a "
            + "rebuild from the log equals the live views.");

    public static final String HISTORY_RETENTION_CONFIG = define(CONFIG, "streams.history.retention.ms", Type.LONG,
            30 * DAY_MS, Range.atLeast(0), Importance.MEDIUM,
            "Unused since issue 13 (kept so existing settings still "
            + "parse): asOf is answered at any time from the talk's local event log and snapshots.");

    public static final String ACTIVITY_RETENTION_CONFIG = define(CONFIG, "streams.activity.retention.ms", Type.LONG,
            3650 * DAY_MS, Range.atLeast(0), Importance.LOW,
            "How long hourly edit-activity counts are kept, and how "
            + "late an event may arrive and still be counted.");

    public static final String BAD_RECORDS_CONFIG = define(CONFIG, "streams.bad.records", Type.STRING, "dlq",
            ValidString.in("fail", "log", "dlq"), Importance.MEDIUM,
            "What to do with a notes.events record that cannot be read: "
            + "fail (stop the app), log (log and skip), dlq (log, skip and copy it to notes.events.dlq).");

    public static final String QUERY_WAIT_CONFIG = define(CONFIG, "streams.query.after.wait.ms", Type.LONG, 5000L,
            Range.atLeast(0), Importance.LOW,
            "Longest a read with ?after=TOKEN waits for the view to include "
            + "the write before answering 504 with the current position.");

    public static final String QUERY_TIMEOUT_CONFIG = define(CONFIG, "streams.query.timeout.ms", Type.LONG, 10000L,
            Range.atLeast(0), Importance.LOW,
            "How long a query retries through rebalances and unreachable "
            + "owners before answering 503 with Retry-After.");

    public static final String AUDIT_INTERVAL_CONFIG = define(CONFIG, "streams.audit.interval.ms", Type.LONG, 5000L,
            Range.atLeast(0), Importance.LOW,
            "How often (wall clock) the views topology reports its changed audit "
            + "counts and its position to _audit (tier views); 0 turns the views tier's audit off.");

    public static final String AUDIT_APPLICATION_ID_CONFIG = define(CONFIG, "streams.audit.application.id",
            Type.STRING, "notes-audit", Importance.MEDIUM,
            "Kafka Streams application id of the audit view (AuditService).");

    public static final String AUDIT_GRACE_CONFIG = define(CONFIG, "streams.audit.grace.ms", Type.LONG, 300_000L,
            Range.atLeast(0), Importance.MEDIUM,
            "How long after a bucket ends, and after its last change, it stays "
            + "pending before a tier with fewer events than the publisher makes it incomplete.");

    public static final String AUDIT_CHECK_INTERVAL_CONFIG = define(CONFIG, "streams.audit.check.interval.ms",
            Type.LONG, 10_000L, Range.atLeast(10), Importance.LOW,
            "How often (wall clock) the audit view looks for pending "
            + "buckets whose grace has passed (warning + metric when incomplete).");

    public ViewsConfig(Map<String, ?> values) {
        super(CONFIG, values);
    }

    /** @return the defaults. */
    public static ViewsConfig defaults() { return new ViewsConfig(Map.of()); }

    public String applicationId() { return getString(APPLICATION_ID_CONFIG); }
    /** @return this instance's {@code host:port}, or empty when it runs alone. */
    public String applicationServer() { return getString(APPLICATION_SERVER_CONFIG); }

    /** @return the forwarding secret: the configured one, else one random secret for this process */
    public String forwardingSecret() {
        String configured = getPassword(FORWARDING_SECRET_CONFIG).value();
        return configured.isBlank() ? ProcessSecret.VALUE : configured;
    }

    /** One random forwarding secret per process, made when first needed. */
    private static final class ProcessSecret {
        static final String VALUE = newSecret();

        private static String newSecret() {
            byte[] bytes = new byte[32];
            new java.security.SecureRandom().nextBytes(bytes);
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }

    /** @return the three retentions of the topology. */
    public TalkViewTopology.Retention retention() {
        return new TalkViewTopology.Retention(Duration.ofMillis(getLong(DEDUPE_RETENTION_CONFIG)),
                Duration.ofMillis(getLong(HISTORY_RETENTION_CONFIG)), Duration.ofMillis(getLong(ACTIVITY_RETENTION_CONFIG)));
    }

    /** @return how often changed views go to notes.talk-views */
    public Duration emitInterval() { return Duration.ofMillis(getLong(EMIT_INTERVAL_CONFIG)); }
    /** @return how often the views tier reports to _audit; zero when its audit is off */
    public Duration auditInterval() { return Duration.ofMillis(getLong(AUDIT_INTERVAL_CONFIG)); }
    public String auditApplicationId() { return getString(AUDIT_APPLICATION_ID_CONFIG); }
    public Duration auditGrace() { return Duration.ofMillis(getLong(AUDIT_GRACE_CONFIG)); }
    public Duration auditCheckInterval() { return Duration.ofMillis(getLong(AUDIT_CHECK_INTERVAL_CONFIG)); }
    public Duration historyRetention() { return Duration.ofMillis(getLong(HISTORY_RETENTION_CONFIG)); }
    public Duration afterWait() { return Duration.ofMillis(getLong(QUERY_WAIT_CONFIG)); }
    public Duration queryTimeout() { return Duration.ofMillis(getLong(QUERY_TIMEOUT_CONFIG)); }

    /**
     * @param bootstrapServers the Kafka cluster
     * @param deadLetterTopic  where unreadable input records go when {@link #BAD_RECORDS_CONFIG} is {@code dlq}
     * @return the Kafka Streams properties these settings make
     */
    public Properties streamsProperties(String bootstrapServers, String deadLetterTopic) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR_CONFIG));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE_CONFIG));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(STANDBY_REPLICAS_CONFIG));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(THREADS_CONFIG));
        if (getLong(COMMIT_INTERVAL_CONFIG) >= 0) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_CONFIG));
        }
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, getInt(REPLICATION_FACTOR_CONFIG));
        recoveryAndMemory(p);
        p.put("processing.exception.handler.global.enabled", true);
        // Kafka 4.4's partition assignor rebuilds a StreamsConfig from the main consumer's configs alone and
        // warns that the flag is missing; passing it to the main consumer too silences that false warning.
        p.put(StreamsConfig.mainConsumerPrefix("processing.exception.handler.global.enabled"), true);
        if (!applicationServer().isBlank()) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer());
        }
        String bad = getString(BAD_RECORDS_CONFIG);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                bad.equals("fail") ? LogAndFailExceptionHandler.class : UnreadableOnlyHandler.class);
        if (bad.equals("dlq")) {
            p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        }
        return p;
    }

    /** How long a member that stopped heartbeating (killed) keeps its partitions; Kafka's default is 45 s. */
    static final int SESSION_TIMEOUT_MS = 10_000;

    /**
     * Restart and memory settings (issue 13). Under exactly-once the stores are transactional (KIP-892): a store
     * keeps its changelog offsets with its data, so after a {@code kill -9} a task resumes from what the store last
     * flushed (Kafka Streams flushes every 10,000 changelog records of a task) instead of wiping the store and
     * restoring from changelog offset 0, as non-transactional stores under exactly-once must; queries read
     * uncommitted writes, as they did before. The main consumer's session timeout is 10 s: a killed instance's partitions move to the others
     * (or its standby takes over) after 10 s instead of 45 s, still 3 heartbeats (3 s) and more than any GC pause
     * of these heaps. RocksDB keeps Kafka Streams' defaults: a shared
     * 64 MB block cache with a 24 MB write-buffer budget (BoundedMemoryRocksDBConfig of Kafka's docs) was measured
     * (bench row 4, same run) to slow the fold from 23,674 to 108 events/s: some 60 stores flushed tiny memtables
     * and thrashed their index and filter blocks.
     */
    private void recoveryAndMemory(Properties p) {
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(getString(PROCESSING_GUARANTEE_CONFIG))) {
            p.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, true);
            p.put(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG,
                    org.apache.kafka.common.IsolationLevel.READ_UNCOMMITTED.name());
        }
        p.put(StreamsConfig.mainConsumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                SESSION_TIMEOUT_MS);
        // the views fold what the log holds, under either guarantee: exactly-once reads read_committed by itself,
        // at-least-once would read the events of aborted transactions (a batch answered "nothing was written")
        p.put(StreamsConfig.mainConsumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG),
                "read_committed");
    }
}
