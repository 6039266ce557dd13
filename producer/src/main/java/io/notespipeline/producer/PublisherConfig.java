package io.notespipeline.producer;

import static io.notespipeline.schemas.ConfigDefs.define;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the producer module: the Kafka producers behind {@link NotePublisher}, the built-in
 * validation ({@link EventValidator}: the topic's data contract) and the REST producer API ({@link ProducerApi}).
 * Resolve raw values with {@code ConfigSources.resolve(PublisherConfig.CONFIG, flags, System.getenv())}.
 */
public final class PublisherConfig extends AbstractConfig {

    public static final ConfigDef CONFIG = new ConfigDef();

    public static final String COMPRESSION_CONFIG = define(CONFIG, "publisher.compression.type", Type.STRING, "lz4",
            ValidString.in("none", "gzip", "snappy", "lz4", "zstd"), Importance.MEDIUM,
            "Producer compression.type (none, gzip, snappy, lz4, zstd).");

    public static final String LINGER_CONFIG = define(CONFIG, "publisher.linger.ms", Type.INT, 5, Range.atLeast(0),
            Importance.MEDIUM,
            "Producer linger.ms of the publisher's idempotent sends and transactions: how long a batch waits for more"
            + " records (Kafka 4.0's default, 5). A stream of events then goes out in full batches whatever the"
            + " caller's pace (with 0, a caller slowed by validation and encoding sent smaller batches, each paying"
            + " the per-batch costs again: bench row 1). Lone events whose callers wait (the REST API's one-event"
            + " requests, PublishOptions.withInteractive) use a producer of their own with linger.ms 0, and atomic"
            + " batches are flushed at once.");

    public static final String BATCH_SIZE_CONFIG = define(CONFIG, "publisher.batch.size", Type.INT, 64 * 1024,
            Range.atLeast(0), Importance.MEDIUM,
            "Producer batch.size in bytes (per partition).");

    public static final String MAX_BLOCK_CONFIG = define(CONFIG, "publisher.max.block.ms", Type.LONG, 5_000L,
            Range.atLeast(0), Importance.MEDIUM,
            "How long a send or a transaction start waits for the cluster before "
            + "the publisher reports Kafka as unavailable (HTTP 503).");

    public static final String REQUEST_TIMEOUT_CONFIG = define(CONFIG, "publisher.request.timeout.ms", Type.INT,
            10_000, Range.atLeast(1), Importance.LOW,
            "Producer request.timeout.ms.");

    public static final String DELIVERY_TIMEOUT_CONFIG = define(CONFIG, "publisher.delivery.timeout.ms", Type.INT,
            30_000, Range.atLeast(1), Importance.MEDIUM,
            "Producer delivery.timeout.ms: the bound on a send's retries; "
            + "at least linger.ms + request.timeout.ms.");

    public static final String TRANSACTIONAL_ID_CONFIG = define(CONFIG, "publisher.transactional.id", Type.STRING, "",
            Importance.MEDIUM,
            "transactional.id of the producers that write atomic batches (two take turns: one sends while the other "
            + "commits; the second uses this id with -1 appended); empty generates a unique one per publisher. Give "
            + "each instance a stable id to fence zombies on restart.");

    public static final String TRANSACTION_TIMEOUT_CONFIG = define(CONFIG, "publisher.transaction.timeout.ms",
            Type.INT, 60_000, Range.atLeast(1), Importance.LOW,
            "transaction.timeout.ms of atomic batches.");

    public static final String QUEUE_MAX_BATCHES_CONFIG = define(CONFIG, "publisher.queue.max.batches", Type.INT, 256,
            Range.atLeast(1), Importance.LOW,
            "Most atomic batches waiting for their transaction; a batch beyond it is refused before it is queued"
            + " (the REST API answers 429 with Retry-After), so nothing of it is written.");

    public static final String GROUP_MAX_BATCHES_CONFIG = define(CONFIG, "publisher.group.max.batches", Type.INT, 64,
            Range.atLeast(1), Importance.LOW,
            "Group commit: most queued atomic batches written together in one Kafka transaction (each still all or"
            + " nothing); 1 gives every batch a transaction of its own.");

    public static final String CLOSE_TIMEOUT_CONFIG = define(CONFIG, "publisher.close.timeout.ms", Type.LONG, 5_000L,
            Range.atLeast(0), Importance.LOW,
            "How long close() waits for records in flight.");

    public static final String MAX_BODY_CONFIG = define(CONFIG, "api.max.body.bytes", Type.INT, 1024 * 1024,
            Range.atLeast(1), Importance.MEDIUM,
            "Largest request body the REST producer API reads; larger ones get 413.");

    public static final String RETRY_AFTER_CONFIG = define(CONFIG, "api.retry.after.seconds", Type.INT, 5,
            Range.atLeast(1), Importance.LOW,
            "Retry-After of a 503 answer when Kafka is unreachable.");

    public static final String PUBLISH_TIMEOUT_CONFIG = define(CONFIG, "api.publish.timeout.ms", Type.LONG, 40_000L,
            Range.atLeast(1), Importance.LOW,
            "How long a REST request waits for its receipts before 503 (its batch had not started: cancelled,"
            + " nothing written) or 504 OUTCOME_UNKNOWN; keep it "
            + "above publisher.max.block.ms + publisher.delivery.timeout.ms so Kafka's own bounds answer first.");

    public static final String AUDIT_ENABLED_CONFIG = define(CONFIG, "publisher.audit.enabled", Type.BOOLEAN, true,
            Importance.MEDIUM,
            "Count acknowledged sends per (topic, partition, occurredAt bucket) and "
            + "report them to _audit (tier publisher).");

    public static final String AUDIT_INTERVAL_CONFIG = define(CONFIG, "publisher.audit.interval.ms", Type.LONG, 5000L,
            Range.atLeast(10), Importance.LOW,
            "How often changed audit counts are sent to _audit (and once more at close).");

    public static final String VIEWS_URL_CONFIG = define(CONFIG, "api.views.url", Type.STRING, "", Importance.MEDIUM,
            "Base URL of a views instance (its query API) that answers POST ...?wait=applied, e.g. http://views:8080;"
            + " empty: the server that received the request, which in notes up also serves the views.");

    public static final String WAIT_APPLIED_TIMEOUT_CONFIG = define(CONFIG, "api.wait.applied.timeout.ms", Type.LONG,
            10_000L, Range.atLeast(1), Importance.LOW,
            "How long POST ...?wait=applied waits, after the write, for the views to fold the events; then 202:"
            + " written, not yet known to be applied.");

    public PublisherConfig(Map<String, ?> values) {
        super(CONFIG, values);
        if (getInt(DELIVERY_TIMEOUT_CONFIG) < getInt(LINGER_CONFIG) + getInt(REQUEST_TIMEOUT_CONFIG)) {
            throw new ConfigException(DELIVERY_TIMEOUT_CONFIG + " must be at least " + LINGER_CONFIG + " + "
                    + REQUEST_TIMEOUT_CONFIG);
        }
    }

    /** @return the defaults. */
    public static PublisherConfig defaults() { return new PublisherConfig(Map.of()); }

    public int maxBodyBytes() { return getInt(MAX_BODY_CONFIG); }
    public int retryAfterSeconds() { return getInt(RETRY_AFTER_CONFIG); }
    public boolean auditEnabled() { return getBoolean(AUDIT_ENABLED_CONFIG); }
    public long auditIntervalMs() { return getLong(AUDIT_INTERVAL_CONFIG); }
    public long publishTimeoutMs() { return getLong(PUBLISH_TIMEOUT_CONFIG); }

    /**
     * The Kafka producer settings of the publisher's idempotent sends: acks=all, idempotence, compression,
     * batching and timeouts from this config. The one definition, also used by the benchmark's raw
     * baseline so that both sides always run with the same settings.
     */
    public java.util.Map<String, Object> producerProperties(String bootstrapServers, String clientId) {
        java.util.Map<String, Object> props = new java.util.HashMap<>();
        props.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(org.apache.kafka.clients.producer.ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
        props.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(org.apache.kafka.clients.producer.ProducerConfig.COMPRESSION_TYPE_CONFIG, getString(COMPRESSION_CONFIG));
        props.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, getInt(LINGER_CONFIG));
        props.put(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG, getInt(BATCH_SIZE_CONFIG));
        props.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG, getLong(MAX_BLOCK_CONFIG));
        props.put(org.apache.kafka.clients.producer.ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, getInt(REQUEST_TIMEOUT_CONFIG));
        props.put(org.apache.kafka.clients.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, getInt(DELIVERY_TIMEOUT_CONFIG));
        return props;
    }
}
