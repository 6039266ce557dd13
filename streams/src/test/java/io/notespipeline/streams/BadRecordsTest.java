package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unreadable record on notes.events is skipped and folding goes on (the copy to the dead-letter
 * topic is checked on the real broker in {@code ViewsIT}: the test driver does not route it).
 */
class BadRecordsTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldSkipUnreadableEventAndKeepFolding() {
        TopicCatalog catalog = TopicCatalog.withDefaults();
        ViewsConfig config = new ViewsConfig(Map.of(ViewsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        Properties props = config.streamsProperties("unused:9092", "notes.events.dlq");
        TalkViewTopology topology = new TalkViewTopology(TalkViewTopology.Topics.of(catalog), config.retention());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.build(new StreamsBuilder()), props)) {
            TestInputTopic<String, byte[]> raw = driver.createInputTopic(catalog.events().name(),
                    new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, NoteEvent> events = driver.createInputTopic(catalog.events().name(),
                    new StringSerializer(), catalog.events().valueSerde().serializer());
            TestOutputTopic<String, TalkView> views = driver.createOutputTopic(catalog.talkViews().name(),
                    Serdes.String().deserializer(), catalog.talkViews().valueSerde().deserializer());

            raw.pipeInput("t1", "not avro at all".getBytes(StandardCharsets.UTF_8));
            NoteEvent created = new TestEvents("t1").created("After the bad one");
            events.pipeInput("t1", created);
            driver.advanceWallClockTime(TalkViewTopology.EMIT_INTERVAL_DEFAULT);

            assertThat(views.readValuesToList()).singleElement()
                    .satisfies(v -> assertThat(v.getTitle()).isEqualTo("After the bad one"));
        }
    }
}
