package io.notespipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two servers on one log agree on every id and version; a restarted server keeps them. */
@ExtendWith(KafkaExtension.class)
class TwoServersIT {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TwoServersIT.class);

    private static final int SUBJECTS = 10;
    private static final int SCHEMAS_PER_SUBJECT = 30;

    /** Version k of every subject: fields f0..fk, all with defaults, so any order stays BACKWARD compatible. */
    static String schema(int k) {
        StringBuilder fields = new StringBuilder();
        for (int f = 0; f <= k; f++) {
            fields.append(f == 0 ? "" : ", ").append("{\"name\": \"f").append(f).append("\", \"type\": \"int\", \"default\": 0}");
        }
        return "{\"type\": \"record\", \"name\": \"Talk\", \"fields\": [" + fields + "]}";
    }

    static RegistryServer server(TestKafka kafka, TopicCatalog topics) {
        return new RegistryServer(new RegistryConfig(Map.of(RegistryConfig.PORT_CONFIG, 0, RegistryConfig.WRITES_OPEN_CONFIG, true)), kafka.bootstrapServers(), topics)
                .start();
    }

    record Task(RegistryHttp server, String name, String subject, int k) {
    }

    @Test
    void twoServersRegisteringConcurrentlyAgreeOnEveryIdAndVersionAndARestartKeepsThem(TestKafka kafka) throws Exception {
        TopicCatalog topic = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("reg") + ".");
        Map<String, JsonNode> before;
        try (RegistryServer a = server(kafka, topic); RegistryServer b = server(kafka, topic)) {
            RegistryHttp httpA = new RegistryHttp(a.url(), null);
            RegistryHttp httpB = new RegistryHttp(b.url(), null);
            List<Task> tasks = new ArrayList<>();
            for (int s = 0; s < SUBJECTS; s++) {
                for (int k = 0; k < SCHEMAS_PER_SUBJECT; k++) {
                    tasks.add(new Task(httpA, "A", "subject-" + s, k));
                    tasks.add(new Task(httpB, "B", "subject-" + s, k));
                }
            }
            Collections.shuffle(tasks, new Random(42));

            long started = System.nanoTime();
            Map<String, Integer> answers = registerConcurrently(tasks);
            log.info("Registered requests={} on two servers in ms={}", tasks.size(),
                    (System.nanoTime() - started) / 1_000_000);

            assertThat(answers).hasSize(2 * SUBJECTS * SCHEMAS_PER_SUBJECT);
            Map<Integer, Integer> idOfSchema = new HashMap<>();
            answers.forEach((key, id) -> {
                int k = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
                Integer known = idOfSchema.putIfAbsent(k, id);
                assertThat(known == null ? id : known).as("schema %d has one id on both servers and under every subject", k)
                        .isEqualTo(id);
            });
            assertThat(new HashSet<>(idOfSchema.values())).as("no id is given to two schemas").hasSize(SCHEMAS_PER_SUBJECT);
            // each answer only says its own server has applied the write: wait until both have read the whole log
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(snapshot(httpB)).as("both servers hold the same subjects, versions and ids")
                            .isEqualTo(snapshot(httpA)));
            before = snapshot(httpA);
            for (int id : idOfSchema.values()) {
                assertThat(httpB.get("/schemas/ids/" + id).json()).isEqualTo(httpA.get("/schemas/ids/" + id).json());
            }
        }
        try (RegistryServer restarted = server(kafka, topic)) {
            RegistryHttp http = new RegistryHttp(restarted.url(), null);
            assertThat(snapshot(http)).as("a restarted server rebuilds the same state from the log").isEqualTo(before);
            JsonNode latest = before.get("subject-3/" + SCHEMAS_PER_SUBJECT);
            http.post("/subjects/subject-3/versions", RegistryHttp.schemaBody(latest.path("schema").asText()))
                    .is(200, "{\"id\": %d}".formatted(latest.path("id").asInt()));
        }
    }

    @Test
    void aRestartedServerRebuildsDeletesConfigModesAndMetadataFromTheLog(TestKafka kafka) {
        TopicCatalog topic = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("reg") + ".");
        List<String> reads = List.of("/subjects?deleted=true", "/subjects/a/versions?deleted=true", "/subjects/a/versions",
                "/config", "/config/a", "/mode/b", "/v1/topics/t/metadata", "/schemas/ids/3", "/subjects/b/versions");
        Map<String, String> before = new HashMap<>();
        try (RegistryServer server = server(kafka, topic)) {
            RegistryHttp http = new RegistryHttp(server.url(), null);
            for (int k = 0; k < 3; k++) {
                http.post("/subjects/a/versions", RegistryHttp.schemaBody(schema(k))).is(200, "{\"id\": %d}".formatted(k + 1));
            }
            http.post("/subjects/b/versions", RegistryHttp.schemaBody(schema(2))).is(200, "{\"id\": 3}");
            http.delete("/subjects/a/versions/2").is(200, "2");
            http.delete("/subjects/a/versions/2?permanent=true").is(200, "2");
            http.delete("/subjects/a/versions/1").is(200, "1");
            http.put("/config", "{\"compatibility\": \"FULL\"}").is(200, "{\"compatibility\": \"FULL\"}");
            http.put("/config/a", "{\"compatibility\": \"NONE\"}").is(200, "{\"compatibility\": \"NONE\"}");
            http.put("/mode/b", "{\"mode\": \"READONLY\"}").is(200, "{\"mode\": \"READONLY\"}");
            http.put("/v1/topics/t/metadata", "{\"identityFields\": [\"f0\"]}").json();
            reads.forEach(path -> before.put(path, http.get(path).body()));
        }
        try (RegistryServer restarted = server(kafka, topic)) {
            RegistryHttp http = new RegistryHttp(restarted.url(), null);
            reads.forEach(path -> assertThat(http.get(path).body()).as("GET %s after a restart", path).isEqualTo(before.get(path)));
            assertThat(before.get("/subjects/a/versions?deleted=true")).isEqualTo("[1,3]");
            http.post("/subjects/b/versions", RegistryHttp.schemaBody(schema(5))).isError(422, 42205, "read-only");
            http.post("/subjects/a/versions", RegistryHttp.schemaBody(schema(9))).is(200, "{\"id\": 4}");
        }
    }

    @Test
    void aLogTopicWithSeveralPartitionsIsRefusedAtStart(TestKafka kafka) {
        TopicCatalog topic = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("reg") + ".");
        kafka.createTopic(topic.schemas().name(), 3);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server(kafka, topic))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(50001))
                .hasMessageContaining("has 3 partitions; the registry needs exactly one");
    }

    private static Map<String, Integer> registerConcurrently(List<Task> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Map<String, Future<Integer>> futures = new HashMap<>();
            for (Task task : tasks) {
                futures.put(task.name() + ":" + task.subject() + "/" + task.k(), pool.submit(() -> {
                    RegistryHttp.Response response = task.server().post("/subjects/" + task.subject() + "/versions",
                            RegistryHttp.schemaBody(schema(task.k())));
                    assertThat(response.status()).as(response.body()).isEqualTo(200);
                    return response.json().path("id").asInt();
                }));
            }
            Map<String, Integer> answers = new HashMap<>();
            for (var entry : futures.entrySet()) {
                answers.put(entry.getKey(), entry.getValue().get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return every subject version ("subject/version") with its JSON, read over HTTP */
    private static Map<String, JsonNode> snapshot(RegistryHttp http) {
        Map<String, JsonNode> out = new HashMap<>();
        Set<String> subjects = new HashSet<>();
        http.get("/subjects").json().forEach(s -> subjects.add(s.asText()));
        assertThat(subjects).hasSize(SUBJECTS);
        for (String subject : subjects) {
            JsonNode versions = http.get("/subjects/" + subject + "/versions").json();
            assertThat(versions).hasSize(SCHEMAS_PER_SUBJECT);
            versions.forEach(v -> out.put(subject + "/" + v.asInt(),
                    http.get("/subjects/" + subject + "/versions/" + v.asInt()).json()));
        }
        return out;
    }
}
