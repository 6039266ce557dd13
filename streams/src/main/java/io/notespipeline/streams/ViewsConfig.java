package io.notespipeline.streams;

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

    public static final String APPLICATION_ID_CONFIG = "streams.application.id";
    public static final String APPLICATION_ID_DEFAULT = "notes-views";
    public static final String APPLICATION_ID_DOC = "Kafka Streams application id: instances with the same id "
            + "share the partitions of notes.events; it also prefixes the internal topics.";

    public static final String STATE_DIR_CONFIG = "streams.state.dir";
    public static final String STATE_DIR_DEFAULT = "data/streams";
    public static final String STATE_DIR_DOC = "Folder of the RocksDB state stores (one per instance).";

    public static final String PROCESSING_GUARANTEE_CONFIG = "streams.processing.guarantee";
    public static final String PROCESSING_GUARANTEE_DEFAULT = StreamsConfig.EXACTLY_ONCE_V2;
    public static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (views, rejects and store changes "
            + "commit atomically with the input offsets) or at_least_once.";

    public static final String STANDBY_REPLICAS_CONFIG = "streams.num.standby.replicas";
    public static final int STANDBY_REPLICAS_DEFAULT = 1;
    public static final String STANDBY_REPLICAS_DOC = "Warm copies of each store kept on other instances; a "
            + "standby answers (marked stale) while the active copy restores.";

    public static final String THREADS_CONFIG = "streams.num.stream.threads";
    public static final int THREADS_DEFAULT = 1;
    public static final String THREADS_DOC = "Stream threads of this instance.";

    public static final String APPLICATION_SERVER_CONFIG = "streams.application.server";
    public static final String APPLICATION_SERVER_DEFAULT = "";
    public static final String APPLICATION_SERVER_DOC = "host:port where other instances reach this instance's "
            + "query API (the HTTP port the QueryApi is registered on). Empty: single instance, no forwarding.";

    public static final String COMMIT_INTERVAL_CONFIG = "streams.commit.interval.ms";
    /** -1: Kafka's default for the guarantee (100 ms exactly-once, 30 s at-least-once). */
    public static final long COMMIT_INTERVAL_DEFAULT = -1L;
    public static final String COMMIT_INTERVAL_DOC = "How often Kafka Streams commits; -1 (default) takes Kafka's "
            + "default for the guarantee: 100 ms under exactly-once (how soon a write becomes visible downstream), "
            + "30 s under at-least-once (where reads of the stores see writes at once and every commit waits for the "
            + "producer and flushes the stores: 100 ms cost 3.5x in the bench)";

    public static final String REPLICATION_FACTOR_CONFIG = "streams.replication.factor";
    public static final int REPLICATION_FACTOR_DEFAULT = -1;
    public static final String REPLICATION_FACTOR_DOC = "Replication factor of the internal changelog and "
            + "repartition topics; -1 uses the broker default.";

    public static final String DEDUPE_RETENTION_CONFIG = "streams.dedupe.retention.ms";
    public static final long DEDUPE_RETENTION_DEFAULT = 7 * DAY_MS;
    public static final String DEDUPE_RETENTION_DOC = "Unused since issue 13 (kept so existing settings still "
            + "parse): every eventId applied is remembered for good, so a retry at any distance is dropped and a "
            + "rebuild from the log equals the live views.";

    public static final String HISTORY_RETENTION_CONFIG = "streams.history.retention.ms";
    public static final long HISTORY_RETENTION_DEFAULT = 30 * DAY_MS;
    public static final String HISTORY_RETENTION_DOC = "Unused since issue 13 (kept so existing settings still "
            + "parse): asOf is answered at any time from the talk's local event log and snapshots.";

    public static final String ACTIVITY_RETENTION_CONFIG = "streams.activity.retention.ms";
    public static final long ACTIVITY_RETENTION_DEFAULT = 3650 * DAY_MS;
    public static final String ACTIVITY_RETENTION_DOC = "How long hourly edit-activity counts are kept, and how "
            + "late an event may arrive and still be counted.";

    public static final String BAD_RECORDS_CONFIG = "streams.bad.records";
    public static final String BAD_RECORDS_DEFAULT = "dlq";
    public static final String BAD_RECORDS_DOC = "What to do with a notes.events record that cannot be read: "
            + "fail (stop the app), log (log and skip), dlq (log, skip and copy it to notes.events.dlq).";

    public static final String QUERY_WAIT_CONFIG = "streams.query.after.wait.ms";
    public static final long QUERY_WAIT_DEFAULT = 5000L;
    public static final String QUERY_WAIT_DOC = "Longest a read with ?after=TOKEN waits for the view to include "
            + "the write before answering 504 with the current position.";

    public static final String QUERY_TIMEOUT_CONFIG = "streams.query.timeout.ms";
    public static final long QUERY_TIMEOUT_DEFAULT = 10000L;
    public static final String QUERY_TIMEOUT_DOC = "How long a query retries through rebalances and unreachable "
            + "owners before answering 503 with Retry-After.";

    public static final String AUDIT_INTERVAL_CONFIG = "streams.audit.interval.ms";
    public static final long AUDIT_INTERVAL_DEFAULT = 5000L;
    public static final String AUDIT_INTERVAL_DOC = "How often (wall clock) the views topology reports its changed audit "
            + "counts and its position to _audit (tier views); 0 turns the views tier's audit off.";

    public static final String AUDIT_APPLICATION_ID_CONFIG = "streams.audit.application.id";
    public static final String AUDIT_APPLICATION_ID_DEFAULT = "notes-audit";
    public static final String AUDIT_APPLICATION_ID_DOC = "Kafka Streams application id of the audit view (AuditService).";

    public static final String AUDIT_GRACE_CONFIG = "streams.audit.grace.ms";
    public static final long AUDIT_GRACE_DEFAULT = 300_000L;
    public static final String AUDIT_GRACE_DOC = "How long after a bucket ends, and after its last change, it stays "
            + "pending before a tier with fewer events than the publisher makes it incomplete.";

    public static final String AUDIT_CHECK_INTERVAL_CONFIG = "streams.audit.check.interval.ms";
    public static final long AUDIT_CHECK_INTERVAL_DEFAULT = 10_000L;
    public static final String AUDIT_CHECK_INTERVAL_DOC = "How often (wall clock) the audit view looks for pending "
            + "buckets whose grace has passed (warning + metric when incomplete).";

    public static final String EMIT_INTERVAL_CONFIG = "streams.views.emit.interval.ms";
    public static final long EMIT_INTERVAL_DEFAULT = 1000L;
    public static final String EMIT_INTERVAL_DOC = "How often (wall clock) the changed views go to notes.talk-views: "
            + "once per changed talk per interval, not once per event, so the topic may lag the stores by up to this "
            + "plus one commit (queries read the stores and stay current).";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(EMIT_INTERVAL_CONFIG, Type.LONG, EMIT_INTERVAL_DEFAULT, Range.atLeast(1), Importance.LOW,
                    EMIT_INTERVAL_DOC)
            .define(APPLICATION_ID_CONFIG, Type.STRING, APPLICATION_ID_DEFAULT, Importance.HIGH, APPLICATION_ID_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, STATE_DIR_DEFAULT, Importance.HIGH, STATE_DIR_DOC)
            .define(PROCESSING_GUARANTEE_CONFIG, Type.STRING, PROCESSING_GUARANTEE_DEFAULT,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM,
                    PROCESSING_GUARANTEE_DOC)
            .define(STANDBY_REPLICAS_CONFIG, Type.INT, STANDBY_REPLICAS_DEFAULT, Range.atLeast(0), Importance.MEDIUM,
                    STANDBY_REPLICAS_DOC)
            .define(THREADS_CONFIG, Type.INT, THREADS_DEFAULT, Range.atLeast(1), Importance.MEDIUM, THREADS_DOC)
            .define(APPLICATION_SERVER_CONFIG, Type.STRING, APPLICATION_SERVER_DEFAULT, Importance.HIGH,
                    APPLICATION_SERVER_DOC)
            .define(COMMIT_INTERVAL_CONFIG, Type.LONG, COMMIT_INTERVAL_DEFAULT, Range.atLeast(-1), Importance.LOW,
                    COMMIT_INTERVAL_DOC)
            .define(REPLICATION_FACTOR_CONFIG, Type.INT, REPLICATION_FACTOR_DEFAULT, Range.atLeast(-1),
                    Importance.MEDIUM, REPLICATION_FACTOR_DOC)
            .define(DEDUPE_RETENTION_CONFIG, Type.LONG, DEDUPE_RETENTION_DEFAULT, Range.atLeast(1000), Importance.MEDIUM,
                    DEDUPE_RETENTION_DOC)
            .define(HISTORY_RETENTION_CONFIG, Type.LONG, HISTORY_RETENTION_DEFAULT, Range.atLeast(0),
                    Importance.MEDIUM, HISTORY_RETENTION_DOC)
            .define(ACTIVITY_RETENTION_CONFIG, Type.LONG, ACTIVITY_RETENTION_DEFAULT, Range.atLeast(0), Importance.LOW,
                    ACTIVITY_RETENTION_DOC)
            .define(BAD_RECORDS_CONFIG, Type.STRING, BAD_RECORDS_DEFAULT, ValidString.in("fail", "log", "dlq"),
                    Importance.MEDIUM, BAD_RECORDS_DOC)
            .define(QUERY_WAIT_CONFIG, Type.LONG, QUERY_WAIT_DEFAULT, Range.atLeast(0), Importance.LOW, QUERY_WAIT_DOC)
            .define(QUERY_TIMEOUT_CONFIG, Type.LONG, QUERY_TIMEOUT_DEFAULT, Range.atLeast(0), Importance.LOW,
                    QUERY_TIMEOUT_DOC)
            .define(AUDIT_INTERVAL_CONFIG, Type.LONG, AUDIT_INTERVAL_DEFAULT, Range.atLeast(0), Importance.LOW,
                    AUDIT_INTERVAL_DOC)
            .define(AUDIT_APPLICATION_ID_CONFIG, Type.STRING, AUDIT_APPLICATION_ID_DEFAULT, Importance.MEDIUM,
                    AUDIT_APPLICATION_ID_DOC)
            .define(AUDIT_GRACE_CONFIG, Type.LONG, AUDIT_GRACE_DEFAULT, Range.atLeast(0), Importance.MEDIUM,
                    AUDIT_GRACE_DOC)
            .define(AUDIT_CHECK_INTERVAL_CONFIG, Type.LONG, AUDIT_CHECK_INTERVAL_DEFAULT, Range.atLeast(10),
                    Importance.LOW, AUDIT_CHECK_INTERVAL_DOC);

    public ViewsConfig(Map<String, ?> values) {
        super(CONFIG, values);
    }

    /** @return the defaults. */
    public static ViewsConfig defaults() {
        return new ViewsConfig(Map.of());
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    /** @return this instance's {@code host:port}, or empty when it runs alone. */
    public String applicationServer() {
        return getString(APPLICATION_SERVER_CONFIG);
    }

    /** @return the three retentions of the topology. */
    public TalkViewTopology.Retention retention() {
        return new TalkViewTopology.Retention(Duration.ofMillis(getLong(DEDUPE_RETENTION_CONFIG)),
                Duration.ofMillis(getLong(HISTORY_RETENTION_CONFIG)), Duration.ofMillis(getLong(ACTIVITY_RETENTION_CONFIG)));
    }

    /** @return how often changed views go to notes.talk-views */
    public Duration emitInterval() {
        return Duration.ofMillis(getLong(EMIT_INTERVAL_CONFIG));
    }

    /** @return how often the views tier reports to _audit; zero when its audit is off */
    public Duration auditInterval() {
        return Duration.ofMillis(getLong(AUDIT_INTERVAL_CONFIG));
    }

    public String auditApplicationId() {
        return getString(AUDIT_APPLICATION_ID_CONFIG);
    }

    public Duration auditGrace() {
        return Duration.ofMillis(getLong(AUDIT_GRACE_CONFIG));
    }

    public Duration auditCheckInterval() {
        return Duration.ofMillis(getLong(AUDIT_CHECK_INTERVAL_CONFIG));
    }

    public Duration historyRetention() {
        return Duration.ofMillis(getLong(HISTORY_RETENTION_CONFIG));
    }

    public Duration afterWait() {
        return Duration.ofMillis(getLong(QUERY_WAIT_CONFIG));
    }

    public Duration queryTimeout() {
        return Duration.ofMillis(getLong(QUERY_TIMEOUT_CONFIG));
    }

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
        p.put("processing.exception.handler.global.enabled", true);
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
}
