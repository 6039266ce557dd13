package io.notespipeline.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.TalkViewTopology;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fold's side of {@link WriteBehindStore#takeCommitRequest}: under at-least-once a write-behind store that fills
 * up between two commits must not write ahead of the commit (its changelog would then hold changes the other stores
 * and the committed offsets do not), so the fold asks Kafka Streams for a commit; under exactly-once the store writes
 * early into the open transaction and no commit is asked for. {@code TopologyTestDriver} commits after every record,
 * so the stores never fill there: this drives {@link FoldProcessor} with a {@link MockProcessorContext}, which
 * records a {@code commit()} request, and a heads store bounded to {@value #BOUND} pending talks.
 */
class FoldCommitRequestTest {

    private static final int BOUND = 3;
    private static final TalkViewTopology.Retention RETENTION = TalkViewTopology.Retention.defaults();

    @ParameterizedTest
    @ValueSource(strings = {StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2})
    void shouldAskForACommitOnlyUnderAtLeastOnceWhenTheHeadsFillUp(String guarantee) {
        WriteBehindStore.takeCommitRequest(); // nothing left over from another test of this thread
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fold-commit-request");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put("processing.exception.handler.global.enabled", true);
        MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>(props, new TaskId(0, 0), null);
        TopicCatalog catalog = TopicCatalog.withDefaults();
        Serde<NoteEvent> events = catalog.events().valueSerde();
        FoldProcessor.StoreNames names = new FoldProcessor.StoreNames(TalkViewTopology.DEDUPE_STORE,
                TalkViewTopology.HEADS_STORE, TalkViewTopology.NOTES_STORE, TalkViewTopology.EVENTS_STORE,
                TalkViewTopology.SNAPSHOTS_STORE, TalkViewTopology.DIRTY_STORE, TalkViewTopology.POSITIONS_STORE,
                TalkViewTopology.INDEX_STORE, TalkViewTopology.ACTIVITY_STORE);
        store(context, names.dedupe(), Serdes.String(), Seen.serde());
        KeyValueStore<String, TalkHead> innerHeads = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(names.heads()), Serdes.String(), TalkHead.serde())
                .withLoggingDisabled().withCachingDisabled().build();
        WriteBehindStore<String, TalkHead> heads = new WriteBehindStore<>(innerHeads, WriteBehindStore.KEY_ORDER, BOUND);
        heads.init(context.getStateStoreContext(), heads);
        context.addStateStore(heads);
        store(context, names.notes(), Serdes.String(), TalkNotes.serde());
        store(context, names.events(), Serdes.String(), TalkLog.entrySerde(events, catalog.events().name()));
        store(context, names.snapshots(), Serdes.String(),
                TalkLog.snapshotSerde(catalog.talkViews().valueSerde(), catalog.talkViews().name()));
        store(context, names.dirty(), Serdes.String(), Serdes.Long());
        store(context, names.positions(), Serdes.Integer(), Serdes.Long());
        store(context, names.index(), Serdes.String(), Serdes.String());
        WindowStore<String, Long> activity = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(names.activity(),
                RETENTION.activityRetention().plus(TalkViewTopology.ACTIVITY_WINDOW), TalkViewTopology.ACTIVITY_WINDOW,
                false), Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        activity.init(context.getStateStoreContext(), activity);
        context.addStateStore(activity);
        FoldProcessor fold = new FoldProcessor(names, TalkViewTopology.SNAPSHOT_EVERY_DEFAULT, Duration.ofSeconds(1),
                RETENTION.activityRetention().toMillis(), null, 0);
        context.setCurrentSystemTimeMs(Instant.parse("2026-12-08T04:00:00Z").toEpochMilli());
        fold.init(context);

        Instant at = Instant.parse("2026-12-08T04:00:00Z");
        boolean atLeastOnce = StreamsConfig.AT_LEAST_ONCE.equals(guarantee);
        for (int talk = 0; talk < BOUND + 2; talk++) {
            NoteEvent created = new NoteEvent(UUID.randomUUID(), "talk-" + talk, at.plusSeconds(talk), "ada", "c-1",
                    null, new TalkCreated("Talk " + talk, "Conf", List.of("Ada"), List.of(), List.of()));
            context.setRecordMetadata(catalog.events().name(), 0, talk);
            fold.process(new Record<>(created.getTalkId(), new RawEvent(created,
                    events.serializer().serialize(catalog.events().name(), created)), created.getOccurredAt().toEpochMilli()));
            boolean full = talk + 1 >= BOUND;
            assertThat(context.committed()).as("%s, after %d new talks (%d pending at most)", guarantee, talk + 1, BOUND)
                    .isEqualTo(atLeastOnce && full);
            assertThat(heads.pendingWrites()).as("under at-least-once the heads wait for the commit, under "
                    + "exactly-once they are written early").isEqualTo(atLeastOnce ? talk + 1 : (talk + 1) % BOUND);
            assertThat(WriteBehindStore.takeCommitRequest()).as("the fold took the request").isFalse();
            context.resetCommit();
        }
        heads.flushCache(); // the commit Kafka Streams would run: every head reaches the inner store
        assertThat(heads.pendingWrites()).isZero();
        for (int talk = 0; talk < BOUND + 2; talk++) {
            TalkView view = innerHeads.get("talk-" + talk).view();
            assertThat(view.getTitle()).isEqualTo("Talk " + talk);
        }
    }

    private static <K, V> void store(MockProcessorContext<String, SpecificRecord> context, String name, Serde<K> keys,
            Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
