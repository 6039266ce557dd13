package io.notespipeline.schemas;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed catalogue of every topic in ARCHITECTURE.md, built once from configuration. Components
 * take their topics from here instead of spelling names and serdes themselves.
 */
public final class TopicCatalog {

    public static final String EVENTS = "notes.events";
    public static final String TALK_VIEWS = "notes.talk-views";
    public static final String REJECTED = "notes.events.rejected";
    public static final String SCHEMAS = "_schemas";
    public static final String AUDIT = "_audit";
    /** Suffix of a dead-letter topic: {@code <topic>.dlq}. */
    public static final String DLQ_SUFFIX = ".dlq";

    private final CatalogConfig config;
    private final SerdeProvider serdes;
    private final String prefix;
    private final Topic<String, NoteEvent> events;
    private final Topic<String, TalkView> talkViews;
    private final Topic<String, RejectedEvent> rejected;
    private final Topic<String, String> schemas;
    private final Topic<String, byte[]> audit;
    private final Topic<String, AuditCount> auditCounts;

    /**
     * @param config partitions and replication
     * @param serdes makes the Avro value serdes (registry-backed in production)
     */
    public TopicCatalog(CatalogConfig config, SerdeProvider serdes) {
        this(config, serdes, "");
    }

    private TopicCatalog(CatalogConfig config, SerdeProvider serdes, String prefix) {
        this.config = config;
        this.serdes = serdes;
        this.prefix = prefix;
        String events = prefix + EVENTS;
        String talkViews = prefix + TALK_VIEWS;
        String rejected = prefix + REJECTED;
        String audit = prefix + AUDIT;
        int partitions = config.partitions();
        Serde<String> key = Serdes.String();
        this.events = new Topic<>(events, partitions,
                Map.of("retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete",
                        "min.insync.replicas", String.valueOf(Math.min(2, config.replicationFactor()))),
                key, serdes.valueSerde(events, NoteEvent.class),
                Optional.of("eventId"), Optional.of("occurredAt"),
                "Every edit to a talk's notes, key = talkId, kept forever: the source of truth.");
        this.talkViews = new Topic<>(talkViews, partitions,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"),
                key, serdes.valueSerde(talkViews, TalkView.class),
                Optional.of("talkId"), Optional.of("revision"),
                "The current view of each talk, key = talkId, compacted: a derived snapshot.");
        this.rejected = new Topic<>(rejected, partitions,
                Map.of("retention.ms", String.valueOf(30L * 24 * 60 * 60 * 1000), "cleanup.policy", "delete",
                        // a reject carries its event's occurredAt, which may be years old (an imported history):
                        // the broker stamps the append time, so the 30 days count from the reject, not the edit
                        "message.timestamp.type", "LogAppendTime"),
                key, serdes.valueSerde(rejected, RejectedEvent.class),
                Optional.of("event.eventId"), Optional.of("rejectedAt"),
                "Well-formed events that did not apply, with the reason, key = talkId.");
        this.schemas = new Topic<>(prefix + SCHEMAS, 1,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"),
                key, Serdes.String(), Optional.empty(), Optional.empty(),
                "The registry's log of schemas, configs and topic metadata; one partition keeps a total order.");
        this.audit = new Topic<>(audit, partitions,
                Map.of("cleanup.policy", "compact,delete", "retention.ms", String.valueOf(config.auditRetentionMs())),
                key, Serdes.ByteArray(), Optional.empty(), Optional.empty(),
                "Counts per tier, topic, partition and time bucket; the latest report per key wins.");
        this.auditCounts = new Topic<>(audit, this.audit.partitions(), this.audit.configs(), key,
                serdes.valueSerde(audit, AuditCount.class), Optional.empty(), Optional.of("reportedAt"), this.audit.doc());
    }

    /** @return a catalogue with default settings and plain Avro binary serdes (tests, offline tools). */
    public static TopicCatalog withDefaults() {
        return new TopicCatalog(CatalogConfig.defaults(), SerdeProvider.avroBinary());
    }

    /**
     * The same catalogue with every topic name prefixed, e.g. {@code t7.notes.events}: tests that share
     * one broker give each case its own topics this way, without a setting that repeats a name.
     *
     * @param namePrefix put before every name (the topics of this catalogue, and so their dead-letter topics)
     */
    public TopicCatalog withPrefix(String namePrefix) {
        return new TopicCatalog(config, serdes, prefix + namePrefix);
    }

    public CatalogConfig config() {
        return config;
    }

    /** {@value #EVENTS}: the source of truth. */
    public Topic<String, NoteEvent> events() {
        return events;
    }

    /** {@value #TALK_VIEWS}: compacted talk views. */
    public Topic<String, TalkView> talkViews() {
        return talkViews;
    }

    /** {@value #REJECTED}: semantic rejects with their reason. */
    public Topic<String, RejectedEvent> rejected() {
        return rejected;
    }

    /** {@value #SCHEMAS}: the registry's compacted log. */
    public Topic<String, String> schemas() {
        return schemas;
    }

    /** {@value #AUDIT}: the audit stream. */
    public Topic<String, byte[]> audit() {
        return audit;
    }

    /** {@value #AUDIT} with its typed value: the same topic as {@link #audit()}, read and written as {@link AuditCount}. */
    public Topic<String, AuditCount> auditCounts() {
        return auditCounts;
    }

    /**
     * @param source the topic whose unreadable records it holds
     * @return {@code <source>.dlq}: original key and bytes, origin in the headers
     */
    public Topic<byte[], byte[]> deadLetter(String source) {
        return new Topic<>(source + DLQ_SUFFIX, 1,
                Map.of("retention.ms", String.valueOf(30L * 24 * 60 * 60 * 1000),
                        "message.timestamp.type", "LogAppendTime"), // 30 days from the dead letter, not its record's time
                Serdes.ByteArray(), Serdes.ByteArray(), Optional.empty(), Optional.empty(),
                "Records of " + source + " a consumer could not read; headers carry topic, partition, offset, error.");
    }

    /** @return every topic to create at start, dead-letter topics of the consumed topics included. */
    public List<Topic<?, ?>> all() {
        return List.of(events, talkViews, rejected, schemas, audit,
                deadLetter(events.name()), deadLetter(talkViews.name()));
    }
}
