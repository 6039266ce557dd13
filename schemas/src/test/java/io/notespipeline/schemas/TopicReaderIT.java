package io.notespipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TopicReaderIT {

    private static final StringDeserializer STRINGS = new StringDeserializer();

    @Test
    void shouldReadEveryPartitionToItsEndInPartitionOrder(TestKafka kafka) throws Exception {
        String topic = kafka.uniqueTopic("reader");
        kafka.createTopic(topic, 3);
        try (var producer = producer(kafka, null)) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, "k" + i, "v" + i)).get();
            }
        }
        List<ConsumerRecord<String, String>> all = TopicReader.of(kafka.bootstrapServers()).readAll(topic, STRINGS, STRINGS);
        assertThat(all).hasSize(30);
        for (int p = 0; p < 3; p++) {
            int partition = p;
            assertThat(all.stream().filter(r -> r.partition() == partition).map(ConsumerRecord::offset).toList())
                    .as("partition %d in offset order", p).isSorted().hasSize(10);
        }
        List<String> one = new ArrayList<>();
        TopicReader.of(kafka.bootstrapServers()).readPartition(topic, 1, STRINGS, STRINGS, r -> one.add(r.value()));
        assertThat(one).as("partition 1 only").hasSize(10).allMatch(v -> Integer.parseInt(v.substring(1)) % 3 == 1);
    }

    @Test
    void shouldStartAtTheLastRecordsAndReportTheSpan(TestKafka kafka) throws Exception {
        String topic = kafka.uniqueTopic("reader-last");
        kafka.createTopic(topic, 1);
        try (var producer = producer(kafka, null)) {
            for (int i = 0; i < 8; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get();
            }
        }
        List<String> values = new ArrayList<>();
        TopicReader.Snapshot snapshot = TopicReader.of(kafka.bootstrapServers()).read(topic, null,
                TopicReader.Start.last(3), STRINGS, STRINGS, (batch, s) -> batch.forEach(r -> values.add(r.value())));
        assertThat(values).containsExactly("v5", "v6", "v7");
        assertThat(snapshot.span()).isEqualTo(3);
    }

    @Test
    void shouldSeeOnlyCommittedTransactionsAndWaitForMarkersWhenSettling(TestKafka kafka) {
        String topic = kafka.uniqueTopic("reader-tx");
        kafka.createTopic(topic, 1);
        try (var producer = producer(kafka, "reader-tx-" + topic)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }
        List<String> values = new ArrayList<>();
        TopicReader.of(kafka.bootstrapServers()).settlingTransactions(Duration.ofSeconds(15))
                .read(topic, STRINGS, STRINGS, r -> values.add(r.value()));
        assertThat(values).as("aborted records are never handed over; a committed one is, once settled")
                .containsExactly("committed");
    }

    @Test
    void shouldFailLoudlyNamingTheLaggingPartitionsWhenTheDeadlinePasses(TestKafka kafka) throws Exception {
        String topic = kafka.uniqueTopic("reader-deadline");
        kafka.createTopic(topic, 2);
        try (var producer = producer(kafka, null)) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "v")).get();
        }
        TopicReader reader = TopicReader.of(kafka.bootstrapServers());
        assertThat(reader.partitionCount(topic)).isEqualTo(2);
        assertThatThrownBy(() -> reader.withDeadline(Duration.ZERO).read(topic, Set.of(0), TopicReader.Start.beginning(),
                STRINGS, STRINGS, (batch, s) -> { }))
                .isInstanceOfSatisfying(TopicReadTimeoutException.class, e -> {
                    assertThat(e.topic()).isEqualTo(topic);
                    assertThat(e.positions()).isEqualTo(Map.of(0, 0L));
                    assertThat(e.ends()).isEqualTo(Map.of(0, 1L));
                    assertThat(e.getMessage()).contains(topic, "0=0/1");
                });
        assertThatThrownBy(() -> reader.readAll("no-such-topic-" + topic, STRINGS, STRINGS))
                .isInstanceOf(NotesSchemaException.class).hasMessageContaining("does not exist");
    }

    private static KafkaProducer<String, String> producer(TestKafka kafka, String transactionalId) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"));
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
