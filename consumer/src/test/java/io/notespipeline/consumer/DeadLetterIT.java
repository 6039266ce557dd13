package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.notespipeline.consumer.internal.DeadLetters;
import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaExtension.class)
class DeadLetterIT {

    private static final byte[] CORRUPT = "garbage, not avro".getBytes(StandardCharsets.UTF_8);

    private record Fixture(TopicCatalog topics, String topic, List<NoteEvent> good, SinksConfig config) {
    }

    /** Publishes good, corrupt, unknown-schema, good, good to a fresh topic. */
    private static Fixture publish(TestKafka kafka, Path dir, String policy) {
        TopicCatalog topics = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("dlq") + ".");
        String topic = topics.events().name();
        String views = topics.talkViews().name();
        kafka.createTopic(topic, 1);
        kafka.createTopic(views, 1);
        SinksConfig config = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.toString(),
                SinksConfig.GROUP_ID_CONFIG, topic, SinksConfig.DLQ_POLICY_CONFIG, policy,
                SinksConfig.LAKE_IDLE_FLUSH_MS_CONFIG, 100, SinksConfig.POLL_TIMEOUT_MS_CONFIG, 50));
        List<NoteEvent> good = TestEvents.generate(11, 3, 1, Instant.parse("2026-03-01T10:00:00Z"), 1000);
        List<byte[]> values = List.of(TestEvents.EVENTS.encode(good.get(0)), CORRUPT,
                TestEvents.unknownSchemaLike(TestEvents.view("talk-0", 1, 1)),
                TestEvents.EVENTS.encode(good.get(1)), TestEvents.EVENTS.encode(good.get(2)));
        TestEvents.publishRaw(kafka.bootstrapServers(), topic, "talk-0", values);
        return new Fixture(topics, topic, good, config);
    }

    @Test
    void shouldDeadLetterCorruptAndUnknownSchemaRecordsWithTheirOriginAndWriteTheRecordsAfterThem(
            TestKafka kafka, @TempDir Path dir) throws Exception {
        Fixture f = publish(kafka, dir, "dlq");
        kafka.createTopic(f.topic() + ".dlq", 1);

        try (SinkRunner warehouse = new SinkRunner(new WarehouseSink(Warehouse.open(f.config()), f.config(), f.topics()),
                f.config(), kafka.bootstrapServers(), f.topics());
             SinkRunner lake = new SinkRunner(new LakeSink(f.config(), f.topics()), f.config(), kafka.bootstrapServers(),
                     f.topics())) {
            warehouse.start();
            lake.start();
            Warehouse wh = ((WarehouseSink) warehouse.sink()).warehouse();
            await().atMost(Duration.ofSeconds(30)).until(() -> wh.count("note_events") == 3);
            assertThat(wh.storedOffsets(f.topic() + "-warehouse", List.of(new TopicPartition(f.topic(), 0))))
                    .containsEntry(new TopicPartition(f.topic(), 0), 5L);
            await().atMost(Duration.ofSeconds(30)).until(() -> lakeEvents(f).size() == 3);
            assertThat(lakeEvents(f)).containsExactlyElementsOf(f.good());
        }

        List<ConsumerRecord<byte[], byte[]>> dead = readAll(kafka, f.topic() + ".dlq", 4);
        // each sink dead-letters on its own: 2 records x 2 sinks
        assertThat(dead).hasSize(4);
        ConsumerRecord<byte[], byte[]> corrupt = dead.stream().filter(r -> header(r, DeadLetters.HEADER_OFFSET).equals("1"))
                .findFirst().orElseThrow();
        assertThat(corrupt.value()).isEqualTo(CORRUPT);
        assertThat(new String(corrupt.key(), StandardCharsets.UTF_8)).isEqualTo("talk-0");
        assertThat(header(corrupt, DeadLetters.HEADER_TOPIC)).isEqualTo(f.topic());
        assertThat(header(corrupt, DeadLetters.HEADER_PARTITION)).isEqualTo("0");
        assertThat(Long.parseLong(header(corrupt, DeadLetters.HEADER_TIMESTAMP))).isPositive();
        assertThat(header(corrupt, DeadLetters.HEADER_ERROR_CLASS)).isEqualTo(
                "org.apache.kafka.common.errors.SerializationException");
        assertThat(header(corrupt, DeadLetters.HEADER_ERROR_MESSAGE)).contains("NoteEvent");
        assertThat(dead).filteredOn(r -> header(r, DeadLetters.HEADER_OFFSET).equals("2")).hasSize(2)
                .allSatisfy(r -> assertThat(r.value()[0]).as("magic byte kept").isZero());
    }

    @Test
    void shouldStopAtTheBadRecordUnderTheFailPolicyHavingWrittenTheRecordsBeforeIt(TestKafka kafka, @TempDir Path dir) {
        Fixture f = publish(kafka, dir, "fail");
        SinkRunner runner = new SinkRunner(new WarehouseSink(Warehouse.open(f.config()), f.config(), f.topics()), f.config(),
                kafka.bootstrapServers(), f.topics());
        Warehouse wh = ((WarehouseSink) runner.sink()).warehouse();
        runner.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.isAlive());
        assertThat(runner.failure()).get().isInstanceOf(NotesSinkException.class)
                .satisfies(e -> assertThat(((NotesSinkException) e).offset()).isEqualTo(1L));
        assertThat(wh.count("note_events")).as("the record before the bad one is written").isOne();
        assertThat(wh.storedOffsets(f.topic() + "-warehouse", List.of(new TopicPartition(f.topic(), 0))))
                .containsEntry(new TopicPartition(f.topic(), 0), 1L);
        runner.close();
    }

    @Test
    void shouldSkipBadRecordsAndKeepGoingUnderTheLogAndSkipPolicy(TestKafka kafka, @TempDir Path dir) {
        Fixture f = publish(kafka, dir, "log-and-skip");
        try (SinkRunner runner = new SinkRunner(new WarehouseSink(Warehouse.open(f.config()), f.config(), f.topics()), f.config(),
                kafka.bootstrapServers(), f.topics())) {
            runner.start();
            Warehouse wh = ((WarehouseSink) runner.sink()).warehouse();
            await().atMost(Duration.ofSeconds(30)).until(() -> wh.count("note_events") == 3);
        }
    }

    private static List<NoteEvent> lakeEvents(Fixture f) throws Exception {
        List<NoteEvent> events = new ArrayList<>();
        for (Path file : LakeFiles.list(f.config().lakeDir(), f.topic())) {
            events.addAll(LakeFiles.read(file));
        }
        return events;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(TestKafka kafka, String topic, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + new Random().nextInt());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }
}
