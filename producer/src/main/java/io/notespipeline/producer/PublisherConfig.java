package io.notespipeline.producer;

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

    public static final String COMPRESSION_CONFIG = "publisher.compression.type";
    public static final String COMPRESSION_DEFAULT = "lz4";
    public static final String COMPRESSION_DOC = "Producer compression.type (none, gzip, snappy, lz4, zstd).";

    public static final String LINGER_CONFIG = "publisher.linger.ms";
    public static final int LINGER_DEFAULT = 5;
    public static final String LINGER_DOC = "Producer linger.ms: how long a batch waits for more records.";

    public static final String BATCH_SIZE_CONFIG = "publisher.batch.size";
    public static final int BATCH_SIZE_DEFAULT = 64 * 1024;
    public static final String BATCH_SIZE_DOC = "Producer batch.size in bytes (per partition).";

    public static final String MAX_BLOCK_CONFIG = "publisher.max.block.ms";
    public static final long MAX_BLOCK_DEFAULT = 5_000L;
    public static final String MAX_BLOCK_DOC = "How long a send or a transaction start waits for the cluster before "
            + "the publisher reports Kafka as unavailable (HTTP 503).";

    public static final String REQUEST_TIMEOUT_CONFIG = "publisher.request.timeout.ms";
    public static final int REQUEST_TIMEOUT_DEFAULT = 10_000;
    public static final String REQUEST_TIMEOUT_DOC = "Producer request.timeout.ms.";

    public static final String DELIVERY_TIMEOUT_CONFIG = "publisher.delivery.timeout.ms";
    public static final int DELIVERY_TIMEOUT_DEFAULT = 30_000;
    public static final String DELIVERY_TIMEOUT_DOC = "Producer delivery.timeout.ms: the bound on a send's retries; "
            + "at least linger.ms + request.timeout.ms.";

    public static final String TRANSACTIONAL_ID_CONFIG = "publisher.transactional.id";
    public static final String TRANSACTIONAL_ID_DEFAULT = "";
    public static final String TRANSACTIONAL_ID_DOC = "transactional.id of the producer that writes atomic batches; "
            + "empty generates a unique one per publisher. Give each instance a stable id to fence zombies on restart.";

    public static final String TRANSACTION_TIMEOUT_CONFIG = "publisher.transaction.timeout.ms";
    public static final int TRANSACTION_TIMEOUT_DEFAULT = 60_000;
    public static final String TRANSACTION_TIMEOUT_DOC = "transaction.timeout.ms of atomic batches.";

    public static final String CLOSE_TIMEOUT_CONFIG = "publisher.close.timeout.ms";
    public static final long CLOSE_TIMEOUT_DEFAULT = 5_000L;
    public static final String CLOSE_TIMEOUT_DOC = "How long close() waits for records in flight.";

    public static final String MAX_BODY_CONFIG = "api.max.body.bytes";
    public static final int MAX_BODY_DEFAULT = 1024 * 1024;
    public static final String MAX_BODY_DOC = "Largest request body the REST producer API reads; larger ones get 413.";

    public static final String RETRY_AFTER_CONFIG = "api.retry.after.seconds";
    public static final int RETRY_AFTER_DEFAULT = 5;
    public static final String RETRY_AFTER_DOC = "Retry-After of a 503 answer when Kafka is unreachable.";

    public static final String PUBLISH_TIMEOUT_CONFIG = "api.publish.timeout.ms";
    public static final long PUBLISH_TIMEOUT_DEFAULT = 40_000L;
    public static final String PUBLISH_TIMEOUT_DOC = "How long a REST request waits for its receipts before 503; keep it "
            + "above publisher.max.block.ms + publisher.delivery.timeout.ms so Kafka's own bounds answer first.";

    public static final String AUDIT_ENABLED_CONFIG = "publisher.audit.enabled";
    public static final boolean AUDIT_ENABLED_DEFAULT = true;
    public static final String AUDIT_ENABLED_DOC = "Count acknowledged sends per (topic, partition, occurredAt bucket) and "
            + "report them to _audit (tier publisher).";

    public static final String AUDIT_INTERVAL_CONFIG = "publisher.audit.interval.ms";
    public static final long AUDIT_INTERVAL_DEFAULT = 5000L;
    public static final String AUDIT_INTERVAL_DOC = "How often changed audit counts are sent to _audit (and once more at close).";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(COMPRESSION_CONFIG, Type.STRING, COMPRESSION_DEFAULT,
                    ValidString.in("none", "gzip", "snappy", "lz4", "zstd"), Importance.MEDIUM, COMPRESSION_DOC)
            .define(LINGER_CONFIG, Type.INT, LINGER_DEFAULT, Range.atLeast(0), Importance.MEDIUM, LINGER_DOC)
            .define(BATCH_SIZE_CONFIG, Type.INT, BATCH_SIZE_DEFAULT, Range.atLeast(0), Importance.MEDIUM, BATCH_SIZE_DOC)
            .define(MAX_BLOCK_CONFIG, Type.LONG, MAX_BLOCK_DEFAULT, Range.atLeast(0), Importance.MEDIUM, MAX_BLOCK_DOC)
            .define(REQUEST_TIMEOUT_CONFIG, Type.INT, REQUEST_TIMEOUT_DEFAULT, Range.atLeast(1), Importance.LOW,
                    REQUEST_TIMEOUT_DOC)
            .define(DELIVERY_TIMEOUT_CONFIG, Type.INT, DELIVERY_TIMEOUT_DEFAULT, Range.atLeast(1), Importance.MEDIUM,
                    DELIVERY_TIMEOUT_DOC)
            .define(TRANSACTIONAL_ID_CONFIG, Type.STRING, TRANSACTIONAL_ID_DEFAULT, Importance.MEDIUM,
                    TRANSACTIONAL_ID_DOC)
            .define(TRANSACTION_TIMEOUT_CONFIG, Type.INT, TRANSACTION_TIMEOUT_DEFAULT, Range.atLeast(1),
                    Importance.LOW, TRANSACTION_TIMEOUT_DOC)
            .define(CLOSE_TIMEOUT_CONFIG, Type.LONG, CLOSE_TIMEOUT_DEFAULT, Range.atLeast(0), Importance.LOW,
                    CLOSE_TIMEOUT_DOC)
            .define(MAX_BODY_CONFIG, Type.INT, MAX_BODY_DEFAULT, Range.atLeast(1), Importance.MEDIUM, MAX_BODY_DOC)
            .define(RETRY_AFTER_CONFIG, Type.INT, RETRY_AFTER_DEFAULT, Range.atLeast(1), Importance.LOW, RETRY_AFTER_DOC)
            .define(PUBLISH_TIMEOUT_CONFIG, Type.LONG, PUBLISH_TIMEOUT_DEFAULT, Range.atLeast(1), Importance.LOW,
                    PUBLISH_TIMEOUT_DOC)
            .define(AUDIT_ENABLED_CONFIG, Type.BOOLEAN, AUDIT_ENABLED_DEFAULT, Importance.MEDIUM, AUDIT_ENABLED_DOC)
            .define(AUDIT_INTERVAL_CONFIG, Type.LONG, AUDIT_INTERVAL_DEFAULT, Range.atLeast(10), Importance.LOW,
                    AUDIT_INTERVAL_DOC);

    public PublisherConfig(Map<String, ?> values) {
        super(CONFIG, values);
        if (getInt(DELIVERY_TIMEOUT_CONFIG) < getInt(LINGER_CONFIG) + getInt(REQUEST_TIMEOUT_CONFIG)) {
            throw new ConfigException(DELIVERY_TIMEOUT_CONFIG + " must be at least " + LINGER_CONFIG + " + "
                    + REQUEST_TIMEOUT_CONFIG);
        }
    }

    /** @return the defaults. */
    public static PublisherConfig defaults() {
        return new PublisherConfig(Map.of());
    }

    public int maxBodyBytes() {
        return getInt(MAX_BODY_CONFIG);
    }

    public int retryAfterSeconds() {
        return getInt(RETRY_AFTER_CONFIG);
    }

    public boolean auditEnabled() {
        return getBoolean(AUDIT_ENABLED_CONFIG);
    }

    public long auditIntervalMs() {
        return getLong(AUDIT_INTERVAL_CONFIG);
    }

    public long publishTimeoutMs() {
        return getLong(PUBLISH_TIMEOUT_CONFIG);
    }

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
