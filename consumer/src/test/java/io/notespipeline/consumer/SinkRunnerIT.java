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
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
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

    @Test
    void shouldLeaveAnErrorOfTheSinkToTheThreadsUncaughtHandlerInsteadOfSwallowingIt(TestKafka kafka, @TempDir Path dir) {
        TopicCatalog topics = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("runner-error") + ".");
        String topic = topics.events().name();
        kafka.createTopic(topic, 1);
        TestEvents.publish(kafka.bootstrapServers(), topic,
                TestEvents.generate(63, 1, 1, Instant.parse("2026-03-01T10:00:00Z"), 1000));
        SinksConfig config = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.toString(),
                SinksConfig.GROUP_ID_CONFIG, topic, SinksConfig.POLL_TIMEOUT_MS_CONFIG, 50));
        AssertionError bug = new AssertionError("a broken invariant in the sink");
        List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        try (SinkRunner runner = new SinkRunner(new FailingSink(topic, bug), config, kafka.bootstrapServers(), topics)) {
            runner.start();
            // Awaitility would itself catch the uncaught Error and rethrow it here: leave it to our handler
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> !runner.isAlive());
            assertThat(uncaught).as("an Error is not an expected sink failure: it must not be swallowed").containsExactly(bug);
            assertThat(runner.failure()).as("kept for the supervisor").containsSame(bug);
            assertThat(runner.health().up()).isFalse();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    /** A sink whose every write throws {@code error}. */
    private record FailingSink(String topic, Error error) implements Sink {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public java.util.Set<String> topics() {
            return java.util.Set.of(topic);
        }

        @Override
        public Map<org.apache.kafka.common.TopicPartition, Long> storedOffsets(
                java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
            return Map.of();
        }

        @Override
        public void write(List<SinkRecord> records, Map<org.apache.kafka.common.TopicPartition, Long> nextOffsets) {
            throw error;
        }

        @Override
        public void close() {
        }
    }

    private static List<NoteEvent> lake(SinksConfig config, String topic) throws Exception {
        List<NoteEvent> events = new ArrayList<>();
        for (Path f : LakeFiles.list(config.lakeDir(), topic)) {
            events.addAll(LakeFiles.read(f));
        }
        return events;
    }
}
