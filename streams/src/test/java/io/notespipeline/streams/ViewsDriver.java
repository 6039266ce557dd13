package io.notespipeline.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;

/** A {@link TopologyTestDriver} around {@link TalkViewTopology} on the default catalogue, with its own state dir. */
final class ViewsDriver implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, NoteEvent> events;
    final TestOutputTopic<String, TalkView> views;
    final TestOutputTopic<String, RejectedEvent> rejected;
    private final Path stateDir;

    ViewsDriver(TalkViewTopology.Retention retention) {
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
        TalkViewTopology topology = new TalkViewTopology(TalkViewTopology.Topics.of(catalog), retention);
        driver = new TopologyTestDriver(topology.build(new StreamsBuilder()), props, TestEvents.START);
        events = driver.createInputTopic(catalog.events().name(), catalog.events().keySerde().serializer(),
                catalog.events().valueSerde().serializer());
        views = driver.createOutputTopic(catalog.talkViews().name(), catalog.talkViews().keySerde().deserializer(),
                catalog.talkViews().valueSerde().deserializer());
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

    KeyValueStore<String, TalkView> viewStore() {
        return driver.getKeyValueStore(TalkViewTopology.VIEWS_STORE);
    }

    VersionedKeyValueStore<String, TalkView> historyStore() {
        return driver.getVersionedKeyValueStore(TalkViewTopology.HISTORY_STORE);
    }

    TalkView asOf(String talkId, Instant time) {
        var record = historyStore().get(talkId, time.toEpochMilli());
        return record == null ? null : record.value();
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
