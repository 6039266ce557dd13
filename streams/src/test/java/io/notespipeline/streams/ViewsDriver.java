package io.notespipeline.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Properties;
import java.util.stream.Stream;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.streams.internal.TalkHead;
import io.notespipeline.streams.internal.TalkLog;
import io.notespipeline.streams.internal.TalkNotes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** A {@link TopologyTestDriver} around {@link TalkViewTopology} on the default catalogue, with its own state dir. */
final class ViewsDriver implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, NoteEvent> events;
    /** {@code notes.talk-views}: every read first lets the emit interval pass (the views are coalesced). */
    final Emitted views;
    final TestOutputTopic<String, RejectedEvent> rejected;
    private final Path stateDir;

    /** The coalesced {@code notes.talk-views}: each read advances the wall clock by one emit interval first. */
    final class Emitted {
        private final TestOutputTopic<String, TalkView> topic;

        Emitted(TestOutputTopic<String, TalkView> topic) {
            this.topic = topic;
        }

        List<TalkView> readValuesToList() {
            emit();
            return topic.readValuesToList();
        }

        List<KeyValue<String, TalkView>> readKeyValuesToList() {
            emit();
            return topic.readKeyValuesToList();
        }

        boolean isEmpty() {
            emit();
            return topic.isEmpty();
        }
    }

    /** Lets one emit interval pass (wall clock): the changed views go out. */
    void emit() {
        driver.advanceWallClockTime(TalkViewTopology.EMIT_INTERVAL_DEFAULT);
    }

    ViewsDriver(TalkViewTopology.Retention retention) {
        this(retention, TalkViewTopology.SNAPSHOT_EVERY_DEFAULT);
    }

    /** @param snapshotEvery events of a talk between two snapshots of its view */
    ViewsDriver(TalkViewTopology.Retention retention, int snapshotEvery) {
        TopicCatalog catalog = TopicCatalog.withDefaults();
        try {
            Files.createDirectories(Path.of("target"));
            stateDir = Files.createTempDirectory(Path.of("target"), "views-driver");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "views-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put("processing.exception.handler.global.enabled", "true");
        TalkViewTopology topology = new TalkViewTopology(TalkViewTopology.Topics.of(catalog), retention)
                .withSnapshotEvery(snapshotEvery);
        driver = new TopologyTestDriver(topology.build(new StreamsBuilder()), props, TestEvents.START);
        events = driver.createInputTopic(catalog.events().name(), catalog.events().keySerde().serializer(),
                catalog.events().valueSerde().serializer());
        views = new Emitted(driver.createOutputTopic(catalog.talkViews().name(),
                catalog.talkViews().keySerde().deserializer(), catalog.talkViews().valueSerde().deserializer()));
        rejected = driver.createOutputTopic(catalog.rejected().name(), catalog.rejected().keySerde().deserializer(),
                catalog.rejected().valueSerde().deserializer());
    }

    ViewsDriver() {
        this(TalkViewTopology.Retention.defaults());
    }

    void send(NoteEvent... toSend) {
        send(List.of(toSend));
    }

    void send(List<NoteEvent> toSend) {
        for (NoteEvent e : toSend) {
            events.pipeInput(e.getTalkId(), e, e.getOccurredAt());
        }
    }

    /** @return the current view of {@code talkId} as the query API reads it (header + one prefix scan), or null */
    TalkView view(String talkId) {
        KeyValueStore<String, TalkHead> heads = driver.getKeyValueStore(TalkViewTopology.HEADS_STORE);
        TalkHead head = heads.get(talkId);
        return head == null ? null : TalkNotes.view(head.view(),
                driver.<String, TalkNotes.Row>getKeyValueStore(TalkViewTopology.NOTES_STORE));
    }

    /** @return every current view by talk, put together from the header and notes stores */
    Map<String, TalkView> storedViews() {
        Map<String, TalkView> out = new TreeMap<>();
        KeyValueStore<String, TalkHead> heads = driver.getKeyValueStore(TalkViewTopology.HEADS_STORE);
        KeyValueStore<String, TalkNotes.Row> notes = driver.getKeyValueStore(TalkViewTopology.NOTES_STORE);
        try (var all = heads.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.view() != null) {
                    out.put(kv.key, TalkNotes.view(kv.value.view(), notes));
                }
            });
        }
        return out;
    }

    /** @return the view valid at {@code time} as the query API computes it: latest snapshot not newer, then the talk's local log */
    TalkView asOf(String talkId, Instant time) {
        KeyValueStore<String, TalkLog.Snapshot> snapshots = driver.getKeyValueStore(TalkViewTopology.SNAPSHOTS_STORE);
        KeyValueStore<String, TalkLog.Entry> log = driver.getKeyValueStore(TalkViewTopology.EVENTS_STORE);
        TalkLog.Snapshot start = null;
        String from = TalkLog.first(talkId);
        try (var it = snapshots.reverseRange(TalkLog.first(talkId), TalkLog.last(talkId))) {
            while (it.hasNext()) {
                var kv = it.next();
                if (kv.value.versionTime() <= time.toEpochMilli()) {
                    start = kv.value;
                    from = TalkLog.key(talkId, TalkLog.seq(kv.key) + 1);
                    break;
                }
            }
        }
        List<TalkLog.Entry> after = new ArrayList<>();
        try (var it = log.range(from, TalkLog.last(talkId))) {
            it.forEachRemaining(kv -> after.add(kv.value));
        }
        TalkLog.Version version = TalkLog.asOf(start, after, time);
        return version == null ? null : version.view();
    }

    /** @return how many snapshots the talk's history holds */
    long snapshots(String talkId) {
        KeyValueStore<String, TalkLog.Snapshot> snapshots = driver.getKeyValueStore(TalkViewTopology.SNAPSHOTS_STORE);
        long n = 0;
        try (var it = snapshots.range(TalkLog.first(talkId), TalkLog.last(talkId))) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
