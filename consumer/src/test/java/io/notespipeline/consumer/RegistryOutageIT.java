package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.http.Json;
import io.notespipeline.schemas.registry.HttpSchemaRegistryClient;
import io.notespipeline.schemas.registry.InMemorySchemaRegistryClient;
import io.notespipeline.schemas.registry.RegistrySerdeProvider;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry is down while a sink starts on a backlog: nothing is dead-lettered or skipped, and every
 * record lands once the registry answers again (issue 16: "no answer" used to be "schema not found").
 */
@ExtendWith(KafkaExtension.class)
class RegistryOutageIT {

    @Test
    void aSinkStartingWhileTheRegistryIsDownWaitsAndThenWritesEveryRecordOnce(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        InMemorySchemaRegistryClient schemas = new InMemorySchemaRegistryClient();
        String prefix = kafka.uniqueTopic("outage") + ".";
        TopicCatalog writing = new TopicCatalog(CatalogConfig.defaults(), new RegistrySerdeProvider(schemas, true))
                .withPrefix(prefix);
        String topic = writing.events().name();
        kafka.createTopic(topic, 1);
        kafka.createTopic(writing.talkViews().name(), 1);
        kafka.createTopic(topic + TopicCatalog.DLQ_SUFFIX, 1);
        List<NoteEvent> events = TestEvents.generate(16, 20, 3, Instant.parse("2026-03-01T10:00:00Z"), 1000);
        TestEvents.publishRaw(kafka.bootstrapServers(), topic, "talk-0", events.stream()
                .map(e -> writing.events().valueSerde().serializer().serialize(topic, e)).toList());

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        TopicCatalog reading = new TopicCatalog(CatalogConfig.defaults(), new RegistrySerdeProvider(
                new HttpSchemaRegistryClient("http://127.0.0.1:" + port), false)).withPrefix(prefix);
        SinksConfig config = new SinksConfig(Map.of(SinksConfig.DATA_DIR_CONFIG, dir.toString(),
                SinksConfig.GROUP_ID_CONFIG, topic, SinksConfig.DLQ_POLICY_CONFIG, "dlq",
                SinksConfig.POLL_TIMEOUT_MS_CONFIG, 50));
        HttpServer registry = null;
        try (SinkRunner runner = new SinkRunner(new WarehouseSink(Warehouse.open(config), config, reading), config,
                kafka.bootstrapServers(), reading)) {
            Warehouse wh = ((WarehouseSink) runner.sink()).warehouse();
            runner.start();
            // registry down: the sink keeps trying, writes nothing, dead-letters nothing, stores no offset past the backlog
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> runner.isAlive()
                    && wh.count("note_events") == 0 && endOffset(kafka, topic + TopicCatalog.DLQ_SUFFIX) == 0);
            assertThat(wh.storedOffsets(topic + "-warehouse", List.of(new TopicPartition(topic, 0)))).isEmpty();

            registry = serve(port, schemas);
            await().atMost(Duration.ofSeconds(60)).until(() -> wh.count("note_events") == events.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> Long.valueOf(events.size()).equals(
                    wh.storedOffsets(topic + "-warehouse", List.of(new TopicPartition(topic, 0)))
                            .get(new TopicPartition(topic, 0))));
            assertThat(endOffset(kafka, topic + TopicCatalog.DLQ_SUFFIX)).as("dead-lettered").isZero();
            assertThat(runner.failure()).isEmpty();
        } finally {
            if (registry != null) {
                registry.stop(0);
            }
        }
    }

    /** A registry answering {@code GET /schemas/ids/{id}} from {@code schemas}, 404 for an unknown id. */
    private static HttpServer serve(int port, InMemorySchemaRegistryClient schemas) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/schemas/ids/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/schemas/ids/".length());
            int status;
            byte[] body;
            try {
                body = Json.mapper().writeValueAsBytes(Map.of("schema",
                        schemas.schemaById(Integer.parseInt(id)).toString()));
                status = 200;
            } catch (RuntimeException e) {
                body = "{\"error_code\":40403,\"message\":\"Schema not found\"}".getBytes(StandardCharsets.UTF_8);
                status = 404;
            }
            exchange.getResponseHeaders().add("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static long endOffset(TestKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        }
    }
}
