package io.notespipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TopicRoundTripIT {

    private final TopicCatalog catalog = TopicCatalog.withDefaults();

    @Test
    void shouldRoundTripANoteEventThroughARealTopic(TestKafka kafka) throws Exception {
        String topic = kafka.uniqueTopic("events");
        kafka.createTopic(topic, 3);
        NoteEvent sent = NoteEvent.newBuilder()
                .setEventId(UUID.randomUUID()).setTalkId("talk-1")
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setAuthor("ikding").setCorrelationId("c-1").setExpectedRevision(null)
                .setPayload(new NoteAdded("n1", null, 0, "PyCon's Mosaic: ünïcödé ✓")).build();

        var serde = catalog.events().valueSerde();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), catalog.events().keySerde().serializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(topic, sent.getTalkId(), sent)).get();
        }

        List<NoteEvent> received = new ArrayList<>();
        TopicReader.of(kafka.bootstrapServers()).read(topic, catalog.events().keySerde().deserializer(),
                serde.deserializer(), r -> received.add(r.value()));
        assertThat(received).containsExactly(sent);
    }

    @Test
    void shouldCreateCatalogTopicsOnceWithTheirPolicy(TestKafka kafka) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<Topic<?, ?>> topics = catalog.all().stream()
                .<Topic<?, ?>>map(t -> rename(t, t.name() + "-" + suffix)).toList();
        try (Admin admin = kafka.admin()) {
            List<String> first = TopicAdmin.ensureTopics(admin, topics, (short) 1);
            List<String> second = TopicAdmin.ensureTopics(admin, topics, (short) 1);
            assertThat(first).hasSize(topics.size());
            assertThat(second).as("a second run changes nothing").isEmpty();

            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, "notes.events-" + suffix);
            ConfigResource views = new ConfigResource(ConfigResource.Type.TOPIC, "notes.talk-views-" + suffix);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(events, views)).all().get();
            assertThat(configs.get(events).get("retention.ms").value()).isEqualTo("-1");
            assertThat(configs.get(views).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldCountTheRetentionOfRejectsAndDeadLettersFromWhenTheyWereWrittenNotFromTheirEventsTime(TestKafka kafka)
            throws Exception {
        // an imported history (PyCon 2017) is rejected or dead-lettered years after its edits: a record stamped with
        // the edit's time would be past the topics' 30-day retention at once and deleted at the broker's next check
        TopicCatalog prefixed = catalog.withPrefix(kafka.uniqueTopic("old") + ".");
        List<Topic<?, ?>> topics = List.of(prefixed.rejected(), prefixed.deadLetter(prefixed.events().name()));
        long old = Instant.parse("2017-05-20T10:00:00Z").toEpochMilli();
        long before = System.currentTimeMillis();
        try (Admin admin = kafka.admin();
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                     new org.apache.kafka.common.serialization.ByteArraySerializer(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            TopicAdmin.ensureTopics(admin, topics, (short) 1);
            for (Topic<?, ?> topic : topics) {
                var sent = producer.send(new ProducerRecord<>(topic.name(), null, old, "talk-1".getBytes(),
                        new byte[] {1})).get();
                assertThat(sent.timestamp()).as("%s: the broker's append time", topic.name())
                        .isGreaterThanOrEqualTo(before);
                List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
                TopicReader.of(kafka.bootstrapServers()).read(topic.name(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(), read::add);
                assertThat(read).singleElement().satisfies(r -> {
                    assertThat(r.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
                    assertThat(r.timestamp()).isGreaterThanOrEqualTo(before);
                });
            }
        }
    }

    private static <K, V> Topic<K, V> rename(Topic<K, V> t, String name) {
        return new Topic<>(name, t.partitions(), t.configs(), t.keySerde(), t.valueSerde(),
                t.identityField(), t.orderingField(), t.doc());
    }
}
