package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.embedded.junit.KafkaExtension;
import io.notespipeline.embedded.junit.TestKafka;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaExtension.class)
class SinkRunnerIT {

    @Test
    void shouldCommitBufferedLakeRecordsOnGracefulCloseAndResumeAfterThemOnRestart(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        TopicCatalog topics = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("runner") + ".");
        String topic = topics.events().name();
        kafka.createTopic(topic, 2);
        SinksConfig config = new SinksConfig(Map.of(
                SinksConfig.DATA_DIR_CONFIG, dir.toString(), SinksConfig.GROUP_ID_CONFIG, topic,
                SinksConfig.LAKE_IDLE_FLUSH_MS_CONFIG, 3_600_000, SinksConfig.POLL_TIMEOUT_MS_CONFIG, 50));
        List<NoteEvent> first = TestEvents.generate(61, 10, 4, Instant.parse("2026-03-01T10:00:00Z"), 1000);
        TestEvents.publish(kafka.bootstrapServers(), topic, first);

        try (SinkRunner runner = new SinkRunner(new LakeSink(config, topics), config, kafka.bootstrapServers(),
                topics)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.recordsConsumed() == 10);
            assertThat(lake(config, topic)).as("buffered until the idle flush (1 h)").isEmpty();
        }
        assertThat(lake(config, topic)).containsExactlyInAnyOrderElementsOf(first);

        List<NoteEvent> second = TestEvents.generate(62, 5, 4, Instant.parse("2026-03-01T11:00:00Z"), 1000);
        TestEvents.publish(kafka.bootstrapServers(), topic, second);
        try (SinkRunner runner = new SinkRunner(new LakeSink(config, topics), config, kafka.bootstrapServers(),
                topics)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.recordsConsumed() == 5);
        }
        List<NoteEvent> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(lake(config, topic)).as("restart reads only what the files do not hold")
                .containsExactlyInAnyOrderElementsOf(all);
    }

    private static List<NoteEvent> lake(SinksConfig config, String topic) throws Exception {
        List<NoteEvent> events = new ArrayList<>();
        for (Path f : LakeFiles.list(config.lakeDir(), topic)) {
            events.addAll(LakeFiles.read(f));
        }
        return events;
    }
}
