package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.TopicReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class NotePublisherIT {

    private static final TopicCatalog CATALOG = TopicCatalog.withDefaults();

    private static NotePublisher publisher(TestKafka kafka, TopicCatalog topics) {
        return new NotePublisher(PublisherConfig.defaults(), kafka.bootstrapServers(), topics).start();
    }

    private static TopicCatalog topics(TestKafka kafka) {
        TopicCatalog topics = CATALOG.withPrefix(kafka.uniqueTopic("pub") + ".");
        kafka.createTopic(topics.events().name(), 3);
        return topics;
    }

    private static NoteEvent decode(ConsumerRecord<String, byte[]> record) {
        return CATALOG.events().valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    @Test
    void shouldPublishOneEventWithReceiptGeneratedEnvelopeAndCorrelationHeader(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka);
        String topic = topics.events().name();
        try (NotePublisher publisher = publisher(kafka, topics)) {
            Instant before = Instant.now().minusMillis(1);
            PublishReceipt receipt = publisher.publish(NoteCommand.addNote("talk-1", "n1", null, 0, "hello")
                    .withAuthor("ann")).get(30, TimeUnit.SECONDS);

            List<ConsumerRecord<String, byte[]>> records = readAll(kafka, topic);
            assertThat(records).hasSize(1);
            ConsumerRecord<String, byte[]> record = records.get(0);
            NoteEvent event = decode(record);
            assertThat(receipt.topic()).isEqualTo(topic);
            assertThat(receipt.partition()).isEqualTo(record.partition());
            assertThat(receipt.offset()).isEqualTo(record.offset());
            assertThat(receipt.eventId()).isEqualTo(event.getEventId());
            assertThat(record.key()).isEqualTo("talk-1");
            assertThat(event.getOccurredAt()).isAfter(before).isBeforeOrEqualTo(Instant.now());
            assertThat(event.getAuthor()).isEqualTo("ann");
            assertThat(new String(record.headers().lastHeader(NotePublisher.CORRELATION_HEADER).value(),
                    StandardCharsets.UTF_8)).isEqualTo(event.getCorrelationId()).isNotBlank();
            assertThat(((NoteAdded) event.getPayload()).getText()).isEqualTo("hello");
        }
    }

    @Test
    void interactiveEventsOfConcurrentCallersAreWrittenOnceEachWithTheirReceipts(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka);
        String topic = topics.events().name();
        try (NotePublisher publisher = publisher(kafka, topics)) {
            List<java.util.concurrent.CompletableFuture<PublishReceipt>> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // more than one produce request's worth while the first is in flight
                sent.add(publisher.publish(NoteCommand.addNote("talk-" + (i % 4), "n" + i, null, 0, "text " + i)
                        .withEventId(UUID.randomUUID()), PublishOptions.none().withInteractive()));
            }
            List<PublishReceipt> receipts = new ArrayList<>();
            for (var future : sent) {
                receipts.add(future.get(30, TimeUnit.SECONDS));
            }
            List<ConsumerRecord<String, byte[]>> records = readAll(kafka, topic);
            assertThat(records).as("each interactive event is written exactly once").hasSize(40);
            for (ConsumerRecord<String, byte[]> record : records) {
                NoteEvent event = decode(record);
                PublishReceipt receipt = receipts.stream().filter(r -> r.eventId().equals(event.getEventId()))
                        .findFirst().orElseThrow();
                assertThat(receipt.partition()).isEqualTo(record.partition());
                assertThat(receipt.offset()).isEqualTo(record.offset());
                assertThat(record.key()).isEqualTo(event.getTalkId());
            }
        }
    }

    @Test
    void shouldKeepTheCallersEventIdTimeAndCorrelationId(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka);
        String topic = topics.events().name();
        UUID eventId = UUID.randomUUID();
        Instant at = Instant.parse("2019-10-01T15:28:33Z");
        try (NotePublisher publisher = publisher(kafka, topics)) {
            publisher.publish(NoteCommand.editNote("talk-1", "n1", "fixed").withEventId(eventId).withOccurredAt(at)
                    .withCorrelationId("import-42")).get(30, TimeUnit.SECONDS);
        }
        NoteEvent event = decode(readAll(kafka, topic).get(0));
        assertThat(event.getEventId()).isEqualTo(eventId);
        assertThat(event.getOccurredAt()).isEqualTo(at);
        assertThat(event.getCorrelationId()).isEqualTo("import-42");
    }

    @Test
    void shouldWriteAnAtomicBatchTogetherWithOneCorrelationId(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka);
        String topic = topics.events().name();
        List<NoteCommand> commands = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            commands.add(NoteCommand.addNote("talk-" + (i % 5), "n" + i, null, i, "note " + i));
        }
        try (NotePublisher publisher = publisher(kafka, topics)) {
            List<PublishReceipt> receipts = publisher.publishBatch(commands).get(30, TimeUnit.SECONDS);
            assertThat(receipts).hasSize(50);
            assertThat(receipts).extracting(PublishReceipt::eventId).doesNotHaveDuplicates();
        }
        List<ConsumerRecord<String, byte[]>> records = readAll(kafka, topic);
        assertThat(records).hasSize(50);
        assertThat(records.stream().map(r -> decode(r).getCorrelationId()).distinct()).hasSize(1);
    }

    @Test
    void shouldRefuseASingleEventTheSchemaRejectsAtTheCallAndWriteNothing(TestKafka kafka) {
        TopicCatalog topics = topics(kafka);
        String topic = topics.events().name();
        // no rule names a null noteId: the schema (serialization) refuses it, reported as a violation
        NoteCommand command = new NoteCommand("talk-1", new NoteAdded(null, null, 0, "Python as glue"), null, null,
                "ann", null, null);
        try (NotePublisher publisher = publisher(kafka, topics)) {
            assertThatThrownBy(() -> publisher.publish(command))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).isNotEmpty());
        }
        assertThat(readAll(kafka, topic)).isEmpty();
    }

    @Test
    void shouldWriteNothingWhenOneEventOfABatchOfHundredIsInvalid(TestKafka kafka) {
        TopicCatalog topics = topics(kafka);
        String topic = topics.events().name();
        List<NoteCommand> commands = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            commands.add(NoteCommand.addNote("talk-1", "n" + i, null, i, i == 57 ? "   " : "note " + i));
        }
        try (NotePublisher publisher = publisher(kafka, topics)) {
            assertThatThrownBy(() -> publisher.publishBatch(commands))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                            .extracting(v -> v.index() + " " + v.field() + " " + v.rule())
                            .containsExactly("57 payload.text noteTextRequired"));
        }
        assertThat(readAll(kafka, topic)).isEmpty();
    }

    @Test
    void shouldPublishAnImportedDocumentAsOneAtomicBatchReportingProgress(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka);
        String topic = topics.events().name();
        ImportPlan plan = new MarkdownImporter(ImportOptions.defaults()).plan(MarkdownImporterTest.doc("v1"));
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger total = new AtomicInteger();
        try (NotePublisher publisher = publisher(kafka, topics)) {
            List<PublishReceipt> receipts = plan.publishWith(publisher, (done, of) -> {
                acked.accumulateAndGet(done, Math::max);
                total.set(of);
            }).get(60, TimeUnit.SECONDS);
            assertThat(receipts).hasSize(481);
        }
        assertThat(acked.get()).isEqualTo(481);
        assertThat(total.get()).isEqualTo(481);
        assertThat(readAll(kafka, topic)).hasSize(481);
    }

    @Test
    void shouldReportKafkaUnavailableWhenTheClusterCannotBeReached() {
        PublisherConfig config = new PublisherConfig(Map.of(PublisherConfig.MAX_BLOCK_CONFIG, 500L));
        try (NotePublisher publisher = new NotePublisher(config, "127.0.0.1:1", CATALOG).start()) {
            NoteCommand command = NoteCommand.addNote("talk-1", "n1", null, 0, "hello");
            assertThatThrownBy(() -> publisher.publish(command).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(PublisherUnavailableException.class);
            assertThatThrownBy(() -> publisher.publishBatch(List.of(command)).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(PublisherUnavailableException.class);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(TestKafka kafka, String topic) {
        return TopicReader.of(kafka.bootstrapServers()).readAll(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
