package io.notespipeline.streams;

import java.time.Duration;
import java.util.Objects;

import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.streams.internal.AuditEmitter;
import io.notespipeline.streams.internal.AuditTally;
import io.notespipeline.streams.internal.FoldProcessor;
import io.notespipeline.streams.internal.RawEvent;
import io.notespipeline.streams.internal.TalkHead;
import io.notespipeline.streams.internal.TalkLog;
import io.notespipeline.streams.internal.TalkNotes;
import io.notespipeline.streams.internal.WriteBehindStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The talk views: every event of {@code notes.events} whose {@code eventId} was never applied in its partition is
 * folded by {@link TalkViewFolder} into its talk's view; changed views go to {@code notes.talk-views} once per talk
 * per emit interval (coalesced, see {@link #withEmitInterval}), rejects (with their reason) to
 * {@code notes.events.rejected} as they happen.
 *
 * <p>Stores (all RocksDB, all partitioned like {@code notes.events}): the current view of each talk, normalised so
 * that an event costs what it touches and not the size of its talk: {@link #HEADS_STORE} its header (the view
 * without notes) with the fold's per-talk counters in one entry ({@link TalkHead}, a binary form of its own) and
 * {@link #NOTES_STORE} one entry per note and per ordered list of children ({@link TalkNotes};
 * both, and {@link #POSITIONS_STORE}, behind a {@link WriteBehindStore}: decoded values written to RocksDB and their
 * changelogs once per commit per entry, before the offsets commit, and seen by every read and interactive query
 * before that; a query or the emit puts a view together with one get and one prefix scan); {@link #EVENTS_STORE} every event read
 * per talk in log order and {@link #SNAPSHOTS_STORE} a snapshot of the whole view once
 * {@code max(every, notes of the talk)} events followed the previous one (O(1) per event amortised; so
 * {@code asOf} and {@code /history} are a snapshot plus a short fold of local data); {@link #DIRTY_STORE} the talks to send; {@link #POSITIONS_STORE} the last processed offset of the task's
 * partition (read-your-writes); {@link #DEDUPE_STORE} the event ids applied; {@link #INDEX_STORE} talks by speaker,
 * tag and conference (a local secondary index, partitioned like the talks); {@link #ACTIVITY_STORE} applied events
 * per talk per hour (a cached window store the fold writes itself). Applying one event writes a few small entries, none of which grows with the talk (a list of
 * children grows with one note's children).
 * With an audit topic, the fold also counts every event (applied, rejected or dropped duplicate) per
 * (partition, bucket of occurredAt) in {@link #AUDIT_COUNTS_STORE}, in the same exactly-once transaction, and a
 * wall-clock punctuator reports the changed counts and the processed position to {@code _audit} (tier {@code views});
 * the counts and their marks sit behind write-behind caches too (one changelog record per changed bucket per commit).
 * The class only describes the topology; it never creates or starts {@code KafkaStreams}.
 */
public final class TalkViewTopology {

    /** Header and fold counters of each talk ({@code KeyValueStore<String, TalkHead>}: its view without notes, null before its creation, and the talk's log sequence, version time, note count, last snapshot, current activity window). */
    public static final String HEADS_STORE = "talk-heads";
    /** The notes of every talk, one entry per note and per list of children ({@code KeyValueStore<String, TalkNotes.Row>}, keys {@link TalkNotes}). */
    public static final String NOTES_STORE = "talk-notes";
    /** Every event read per talk, in log order ({@code KeyValueStore<String, TalkLog.Entry>}, key {@link TalkLog#key}). */
    public static final String EVENTS_STORE = "talk-events";
    /** A snapshot of the view once {@code max(}{@link #SNAPSHOT_EVERY_DEFAULT}{@code , notes of the talk)} events of it followed the previous one ({@code KeyValueStore<String, TalkLog.Snapshot>}). */
    public static final String SNAPSHOTS_STORE = "talk-snapshots";
    /** Talks changed since their view was last sent to {@code notes.talk-views} ({@code KeyValueStore<String, Long>}, key = slot digit + talkId, value = version time when marked). */
    public static final String DIRTY_STORE = "talk-views-dirty";
    /** Fewest events of a talk between two snapshots unless told otherwise (a talk of more notes waits as many events as it has notes). */
    public static final int SNAPSHOT_EVERY_DEFAULT = 64;
    /** How often changed views go to {@code notes.talk-views} unless told otherwise. */
    public static final Duration EMIT_INTERVAL_DEFAULT = Duration.ofSeconds(1);
    /** Last processed offset of the task's partition ({@code KeyValueStore<Integer, Long>}). */
    public static final String POSITIONS_STORE = "processed-offsets";
    /** Secondary index: talks by speaker, tag and conference ({@code KeyValueStore<String, String>}). */
    public static final String INDEX_STORE = "talk-index";
    /** Event ids applied in the partition, for good ({@code KeyValueStore<String, Seen>}, value = sequence in its talk's log and the talk, {@link io.notespipeline.streams.internal.Seen}). */
    public static final String DEDUPE_STORE = "seen-event-ids";
    /** Applied events per talk per hour ({@code WindowStore<String, Long>}). */
    public static final String ACTIVITY_STORE = "talk-activity";
    /** Size of an activity bucket. */
    public static final Duration ACTIVITY_WINDOW = Duration.ofHours(1);

    /** Counts of the views tier per (topic, partition, bucket) ({@code KeyValueStore<String, AuditCount>}, key = the {@code _audit} key). */
    public static final String AUDIT_COUNTS_STORE = "audit-counts";
    /** {@code _audit} keys counted since their last report ({@code KeyValueStore<String, Long>}). */
    public static final String AUDIT_CHANGED_STORE = "audit-changed";
    /** How often the views tier reports to {@code _audit} unless told otherwise. */
    public static final Duration AUDIT_INTERVAL_DEFAULT = Duration.ofSeconds(5);

    /**
     * The topics the topology reads and writes, with their serdes.
     *
     * @param audit         the typed {@code _audit} topic the views tier reports to; null: no audit
     * @param auditBucketMs length of an audit bucket of occurredAt (ignored without audit)
     */
    public record Topics(Topic<String, NoteEvent> events, Topic<String, TalkView> views,
                         Topic<String, RejectedEvent> rejected, Topic<String, AuditCount> audit, long auditBucketMs) {

        /** The three topics without audit reporting. */
        public Topics(Topic<String, NoteEvent> events, Topic<String, TalkView> views, Topic<String, RejectedEvent> rejected) {
            this(events, views, rejected, null, 0);
        }

        /** @return the catalogue's {@code notes.events}, {@code notes.talk-views}, {@code notes.events.rejected}, {@code _audit}. */
        public static Topics of(TopicCatalog catalog) {
            return new Topics(catalog.events(), catalog.talkViews(), catalog.rejected(), catalog.auditCounts(),
                    catalog.config().auditBucketMs());
        }

        /** @return these topics reporting the views tier's counts to {@code audit}. */
        public Topics withAudit(Topic<String, AuditCount> audit, long bucketMs) {
            return new Topics(events, views, rejected, audit, bucketMs);
        }
    }

    /**
     * @param dedupeRetention  no longer used by the fold (event ids are remembered for good, so a retry at any
     *                         distance is dropped); kept for the settings' compatibility
     * @param historyRetention no longer used by the fold (the talk's local log answers every {@code asOf})
     * @param activityRetention how long hourly activity counts are kept (and how late an event may arrive)
     */
    public record Retention(Duration dedupeRetention, Duration historyRetention, Duration activityRetention) {
        public Retention {
            Objects.requireNonNull(dedupeRetention, "dedupeRetention");
            Objects.requireNonNull(historyRetention, "historyRetention");
            Objects.requireNonNull(activityRetention, "activityRetention");
        }

        /** @return 7 days of dedupe, 30 days of history, 10 years of activity. */
        public static Retention defaults() {
            return new Retention(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(3650));
        }
    }

    private final Topics topics;
    private final Retention retention;
    private final Duration auditInterval;
    private Duration emitInterval = EMIT_INTERVAL_DEFAULT;
    private int snapshotEvery = SNAPSHOT_EVERY_DEFAULT;

    public TalkViewTopology(Topics topics, Retention retention) {
        this(topics, retention, AUDIT_INTERVAL_DEFAULT);
    }

    /** @param auditInterval how often (wall-clock) the views tier's changed counts go to {@code _audit} */
    public TalkViewTopology(Topics topics, Retention retention, Duration auditInterval) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.auditInterval = Objects.requireNonNull(auditInterval, "auditInterval");
    }

    /** @return this topology sending changed views to {@code notes.talk-views} every {@code interval} (wall clock) */
    public TalkViewTopology withEmitInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("emit interval must be positive, got " + interval);
        }
        this.emitInterval = interval;
        return this;
    }

    /** @return this topology keeping a snapshot of a talk's view after at least {@code events} events of the talk (and at least as many as it has notes) */
    public TalkViewTopology withSnapshotEvery(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("snapshot interval must be at least 1, got " + events);
        }
        this.snapshotEvery = events;
        return this;
    }

    /** @return the topology on the catalogue's topics, with default retentions. */
    public static Topology build(TopicCatalog catalog) {
        return new TalkViewTopology(Topics.of(catalog), Retention.defaults()).build(new StreamsBuilder());
    }

    /** Adds the views to {@code builder} and returns the built topology. */
    public Topology build(StreamsBuilder builder) {
        Serde<String> keys = topics.events().keySerde();
        Serde<TalkView> viewSerde = topics.views().valueSerde();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEDUPE_STORE),
                Serdes.String(), io.notespipeline.streams.internal.Seen.serde()));
        builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HEADS_STORE), keys, TalkHead.serde()), WriteBehindStore.KEY_ORDER));
        builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(NOTES_STORE), Serdes.String(), TalkNotes.serde()),
                WriteBehindStore.KEY_ORDER));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENTS_STORE),
                Serdes.String(), TalkLog.entrySerde(topics.events().valueSerde(), topics.events().name())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SNAPSHOTS_STORE),
                Serdes.String(), TalkLog.snapshotSerde(viewSerde, topics.views().name())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DIRTY_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(POSITIONS_STORE), Serdes.Integer(), Serdes.Long()),
                Integer::compareUnsigned)); // the order of big-endian int bytes
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDEX_STORE),
                Serdes.String(), Serdes.String()));
        Duration activityRetention = retention.activityRetention();
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(ACTIVITY_STORE,
                activityRetention.plus(ACTIVITY_WINDOW), ACTIVITY_WINDOW, false), keys, Serdes.Long())
                .withCachingEnabled());

        FoldProcessor.StoreNames names = new FoldProcessor.StoreNames(DEDUPE_STORE, HEADS_STORE, NOTES_STORE,
                EVENTS_STORE, SNAPSHOTS_STORE, DIRTY_STORE, POSITIONS_STORE, INDEX_STORE, ACTIVITY_STORE);
        KStream<String, RawEvent> events = builder.stream(topics.events().name(),
                Consumed.with(keys, RawEvent.serde(topics.events().valueSerde())).withName("events"));
        KStream<String, SpecificRecord> outcomes = topics.audit() == null
                ? fold(events, names, null, names.all())
                : withAudit(builder, events, names);
        outcomes.filter((k, v) -> v instanceof TalkView, Named.as("views"))
                .mapValues(v -> (TalkView) v, Named.as("as-view"))
                .to(topics.views().name(), Produced.with(keys, viewSerde).withName("to-talk-views"));
        outcomes.filter((k, v) -> v instanceof RejectedEvent, Named.as("rejects"))
                .mapValues(v -> (RejectedEvent) v, Named.as("as-reject"))
                .to(topics.rejected().name(), Produced.with(keys, topics.rejected().valueSerde()).withName("to-rejected"));
        return builder.build();
    }

    /** The fold node: rejects as they happen, each dirty talk's view once per emit interval. */
    private KStream<String, SpecificRecord> fold(KStream<String, RawEvent> events, FoldProcessor.StoreNames names,
                                                 AuditTally.Names auditNames, String[] stores) {
        int every = snapshotEvery;
        Duration interval = emitInterval;
        long graceMs = retention.activityRetention().toMillis();
        long bucketMs = topics.auditBucketMs();
        return events.process(() -> new FoldProcessor(names, every, interval, graceMs, auditNames, bucketMs),
                Named.as("dedupe-and-fold"), stores);
    }

    /** Fold with audit counting in the same task; a second node reports the counts to {@code _audit}. */
    private KStream<String, SpecificRecord> withAudit(StreamsBuilder builder, KStream<String, RawEvent> events,
            FoldProcessor.StoreNames names) {
        Topic<String, AuditCount> audit = topics.audit();
        // behind write-behind caches, as the heads: one changelog record per changed bucket per commit, not two per
        // event (a count and its mark); the audit keys are ASCII, so KEY_ORDER is their byte order
        builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AUDIT_COUNTS_STORE), Serdes.String(), audit.valueSerde()),
                WriteBehindStore.KEY_ORDER));
        builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AUDIT_CHANGED_STORE), Serdes.String(), Serdes.Long()),
                WriteBehindStore.KEY_ORDER));
        AuditTally.Names auditNames = new AuditTally.Names(AUDIT_COUNTS_STORE, AUDIT_CHANGED_STORE);
        String[] stores = java.util.stream.Stream.concat(java.util.Arrays.stream(names.all()),
                java.util.stream.Stream.of(AUDIT_COUNTS_STORE, AUDIT_CHANGED_STORE)).toArray(String[]::new);
        KStream<String, SpecificRecord> outcomes = fold(events, names, auditNames, stores);
        String eventsTopic = topics.events().name();
        org.apache.kafka.streams.processor.api.ProcessorSupplier<String, Object, String, AuditCount> report =
                () -> new AuditEmitter(auditNames, POSITIONS_STORE, eventsTopic, auditInterval);
        events.process(report, Named.as("audit-report"), AUDIT_COUNTS_STORE, AUDIT_CHANGED_STORE, POSITIONS_STORE)
                .to(audit.name(), Produced.with(audit.keySerde(), audit.valueSerde()).withName("to-audit"));
        return outcomes;
    }
}
