package io.notespipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.notespipeline.embedded.EmbeddedKafka;
import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.TopicCatalog;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notes import} when Kafka is down: the batch is refused with nothing of it written, so the importer sends
 * it again (with backoff, up to {@code --retry-for}); once the broker is back the import completes, and the log
 * holds its events once.
 */
class ImportRetryIT {

    private static final Path DATA = Path.of("..", "..", "shared", "data", "pycon_2017").toAbsolutePath().normalize();
    private static final Path FALLBACK = Path.of("..", "producer", "src", "test", "resources", "pycon_2017");

    @TempDir
    Path tmp;

    @Test
    void shouldSendABatchAgainWhenKafkaWasUnavailableAndWriteItOnce() throws Exception {
        Path kafkaDir = tmp.resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(kafkaDir).start();
        int port = kafka.port();
        String dataDir = tmp.resolve("data").toString();
        try (Pipeline pipeline = Pipeline.start(new AppConfig(Map.of(AppConfig.DATA_DIR_CONFIG, dataDir,
                        AppConfig.BOOTSTRAP_CONFIG, kafka.bootstrapServers(), AppConfig.HTTP_PORT_CONFIG, 0,
                        AppConfig.REGISTRY_PORT_CONFIG, 0, AppConfig.AUTH_ENABLED_CONFIG, false)),
                CatalogConfig.defaults(), EnumSet.of(Component.REGISTRY, Component.PRODUCER))) {
            assertThat(NotesCli.run(dataDir, "import", file("README.v1.md"))).contains("published 481 events atomically");

            kafka.close(); // Kafka down: the next batch cannot be written at all
            StringWriter err = new StringWriter();
            StringWriter out = new StringWriter();
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Notes.run(new PrintWriter(out, true),
                    new PrintWriter(err, true), "import", "--since", file("README.v1.md"), file("README.v2.md"),
                    "--retry-for", "120", "--data-dir", dataDir)); // diffed offline (--since): only the publish needs Kafka
            await().atMost(Duration.ofSeconds(60)).until(() -> err.toString().contains("sending it again"));
            assertThat(run).as("the import waits for Kafka: %s", err).isNotDone();
            kafka = EmbeddedKafka.builder().dataDir(kafkaDir).port(port).start();

            assertThat(run.get()).as("exit code; stderr: %s", err).isZero();
            assertThat(err.toString()).contains("Kafka is unavailable, nothing of it was written");
            assertThat(out.toString()).contains("published 43 events atomically");
            String topic = TopicCatalog.withDefaults().events().name();
            assertThat(committedRecords(kafka.bootstrapServers(), topic))
                    .as("v1's 481 events and v2's 43, each once").isEqualTo(481 + 43);
        } finally {
            kafka.close();
        }
    }

    private static long committedRecords(String bootstrap, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                count += consumer.poll(Duration.ofMillis(500)).count();
            }
            return count;
        }
    }

    private static String file(String name) {
        Path dir = Files.isDirectory(DATA) ? DATA : FALLBACK;
        return dir.resolve(name).toString();
    }
}
