package io.notespipeline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts its own brokers (not the shared one): these tests are about the broker's lifecycle. */
class EmbeddedKafkaIT {

    @TempDir
    Path tmp;

    @Test
    void shouldKeepRecordsAcrossRestartOnTheSameDataDir() throws Exception {
        Path dir = tmp.resolve("data");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).start()) {
            try (Admin admin = admin(kafka)) {
                admin.createTopics(Set.of(new NewTopic("kept", 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "before-restart")).get();
            }
        }
        assertThat(dir.resolve("logs").resolve("meta.properties")).exists();

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).start()) {
            assertThat(readAll(kafka, "kept")).containsExactly("before-restart");
        }
    }

    @Test
    void shouldRefuseAPortInUseAndLeaveNoDataDir() throws IOException {
        Path dir = tmp.resolve("never-created");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedKafka.builder().port(taken.getLocalPort()).dataDir(dir).start())
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldRefuseADataDirThatIsAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EmbeddedKafka.builder().dataDir(file).start())
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("data directory")
                .hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void shouldDeleteATemporaryDataDirOnClose() {
        EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        Path dir = kafka.dataDir();
        assertThat(dir).isDirectory();
        kafka.close();
        kafka.close(); // idempotent
        assertThat(dir).doesNotExist();
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static List<String> readAll(EmbeddedKafka kafka, String topic) {
        List<String> values = new ArrayList<>();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
