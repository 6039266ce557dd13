package io.notespipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16's registry findings, each failing on the registry before the fix: writes need a JSON content type
 * (415 otherwise), an empty admin token list refuses writes, and the registry refuses to serve from a
 * {@code _schemas} topic that is not compacted, or that was recreated or deleted under it.
 */
@ExtendWith(KafkaExtension.class)
class RegistryHardeningIT {

    private static final String TOKEN = "hardening-token";
    private static final String SCHEMA = RegistryHttp.schemaBody(
            "{\"type\": \"record\", \"name\": \"T\", \"fields\": [{\"name\": \"a\", \"type\": \"string\"}]}");

    private static RegistryServer server(TestKafka kafka, TopicCatalog catalog, Map<String, Object> settings) {
        Map<String, Object> values = new java.util.HashMap<>(settings);
        values.put(RegistryConfig.PORT_CONFIG, 0);
        return new RegistryServer(new RegistryConfig(values), kafka.bootstrapServers(), catalog).start();
    }

    private static TopicCatalog catalog(TestKafka kafka) {
        return TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("hard") + ".");
    }

    @Test
    void writesWithoutAJsonContentTypeAnswer415AndWriteNothing(TestKafka kafka) {
        try (RegistryServer server = server(kafka, catalog(kafka), Map.of(RegistryConfig.ADMIN_TOKENS_CONFIG, TOKEN))) {
            RegistryHttp http = new RegistryHttp(server.url(), RegistryHttp.bearer(TOKEN));
            for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                    "application/octet-stream", "application/jsonx", null}) {
                http.send("POST", "/subjects/t-value/versions", SCHEMA, null, type).as("POST with " + type)
                        .isError(415, 415, "HTTP 415 Unsupported Media Type");
                http.send("PUT", "/config/t-value", "{\"compatibility\": \"NONE\"}", null, type).as("PUT with " + type)
                        .isError(415, 415, "Unsupported Media Type");
                http.send("POST", "/subjects/t-value", SCHEMA, null, type).as("lookup with " + type)
                        .isError(415, 415, "Unsupported Media Type");
            }
            http.get("/subjects").is(200, "[]");
            http.get("/config/t-value").isError(404, 40408, "");
            for (String type : new String[] {"application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json",
                    "application/json", "Application/JSON; charset=UTF-8"}) {
                http.send("POST", "/subjects/t-value/versions", SCHEMA, null, type).as("POST with " + type)
                        .is(200, "{\"id\": 1}");
            }
            http.send("DELETE", "/subjects/t-value", null, null, null).as("DELETE has no body to type").is(200, "[1]");
        }
    }

    @Test
    void anEmptyAdminTokenListRefusesEveryWrite(TestKafka kafka) {
        try (RegistryServer server = server(kafka, catalog(kafka), Map.of())) {
            RegistryHttp anonymous = new RegistryHttp(server.url(), null);
            RegistryHttp anyToken = new RegistryHttp(server.url(), RegistryHttp.bearer(""));
            anonymous.post("/subjects/t-value/versions", SCHEMA).isError(403, 40301, "no admin token is configured");
            anyToken.post("/subjects/t-value/versions", SCHEMA).isError(403, 40301, "no admin token is configured");
            anonymous.put("/config", "{\"compatibility\": \"NONE\"}").isError(403, 40301, "writes are refused");
            anonymous.put("/mode", "{\"mode\": \"READONLY\"}").isError(403, 40301, "writes are refused");
            anonymous.get("/subjects").is(200, "[]");
            anonymous.get("/config").is(200, "{\"compatibilityLevel\": \"BACKWARD\"}");
        }
    }

    @Test
    void aSchemasTopicThatIsNotCompactedIsRefusedAtStart(TestKafka kafka) throws Exception {
        TopicCatalog catalog = catalog(kafka);
        try (Admin admin = kafka.admin()) {
            admin.createTopics(Set.of(new NewTopic(catalog.schemas().name(), 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "delete")))).all().get();
        }
        assertThatThrownBy(() -> server(kafka, catalog, Map.of(RegistryConfig.WRITES_OPEN_CONFIG, true)))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("cleanup.policy=delete")
                .hasMessageContaining("must be exactly compact");
    }

    @Test
    void aSchemasTopicRecreatedUnderARunningServerMakesItRefuseToServe(TestKafka kafka) throws Exception {
        TopicCatalog catalog = catalog(kafka);
        String topic = catalog.schemas().name();
        try (RegistryServer server = server(kafka, catalog, Map.of(RegistryConfig.WRITES_OPEN_CONFIG, true));
             Admin admin = kafka.admin()) {
            RegistryHttp http = new RegistryHttp(server.url(), null);
            http.post("/subjects/t-value/versions", SCHEMA).is(200, "{\"id\": 1}");
            http.get("/schemas/ids/1").is(200, http.get("/schemas/ids/1").body());

            admin.deleteTopics(Set.of(topic)).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(topic));
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.get("/schemas/ids/1").as("read after the recreation")
                    .isError(500, 50001, topic));
            String message = http.get("/schemas/ids/1").json().path("message").asText();
            assertThat(message).containsAnyOf("recreated", "deleted", "no longer has offset").contains("refuses to serve");
            http.get("/subjects").as("every read").isError(500, 50001, "refuses to serve");
            http.post("/subjects/u-value/versions", SCHEMA).as("a write").isError(500, 50001, "refuses to serve");
        }
    }
}
