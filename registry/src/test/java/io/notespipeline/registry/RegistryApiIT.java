package io.notespipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every endpoint and error code of the Confluent v1 API, with the exact JSON answers, on a Kafka-backed server. */
@ExtendWith(KafkaExtension.class)
class RegistryApiIT {

    static final String TOKEN = "admin-secret";
    static final String V1 = """
            {"type": "record", "name": "Talk", "namespace": "test",
             "fields": [{"name": "id", "type": "string"}]}""";
    static final String V2 = """
            {"type": "record", "name": "Talk", "namespace": "test",
             "fields": [{"name": "id", "type": "string"}, {"name": "room", "type": "string", "default": "A"}]}""";
    static final String NO_DEFAULT = """
            {"type": "record", "name": "Talk", "namespace": "test",
             "fields": [{"name": "id", "type": "string"}, {"name": "speaker", "type": "string"}]}""";

    static RegistryServer server;
    static RegistryHttp admin;
    static RegistryHttp anonymous;
    String subject;

    @BeforeAll
    static void start(TestKafka kafka) {
        server = new RegistryServer(new RegistryConfig(Map.of(RegistryConfig.PORT_CONFIG, 0,
                RegistryConfig.ADMIN_TOKENS_CONFIG, "other," + TOKEN)), kafka.bootstrapServers(),
                TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("reg") + ".")).start();
        admin = new RegistryHttp(server.url(), RegistryHttp.bearer(TOKEN));
        anonymous = new RegistryHttp(server.url(), null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void subject(TestInfo info) {
        subject = info.getTestMethod().orElseThrow().getName() + "-value";
    }

    static String canonical(String schema) {
        return new Schema.Parser().parse(schema).toString();
    }

    static String quoted(String text) {
        try {
            return RegistryHttp.JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** @return the guid the registry gave schema {@code id} (a UUID; its lookup is tested in ContractApiIT) */
    static String guidOf(int id) {
        String guid = anonymous.get("/schemas/ids/" + id).json().path("guid").asText();
        assertThat(java.util.UUID.fromString(guid).toString()).isEqualTo(guid);
        return guid;
    }

    int register(String subj, String schema) {
        return admin.post("/subjects/" + subj + "/versions", RegistryHttp.schemaBody(schema)).json().path("id").asInt();
    }

    @Test
    void registerAnswersTheIdAndTheSameIdForTheSameSchemaUnderAnySubject() {
        RegistryHttp.Response first = admin.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(V1));
        int id = first.json().path("id").asInt();

        first.is(200, "{\"id\": %d}".formatted(id));
        assertThat(first.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        admin.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(V1.replace("\n", " ")))
                .is(200, "{\"id\": %d}".formatted(id));
        admin.post("/subjects/other-" + subject + "/versions", RegistryHttp.schemaBody(V1)).is(200, "{\"id\": %d}".formatted(id));
        admin.get("/subjects/" + subject + "/versions").is(200, "[1]");
    }

    @Test
    void lookupAnswersSubjectVersionIdAndSchema() {
        int id = register(subject, V1);

        admin.post("/subjects/" + subject, RegistryHttp.schemaBody(V1)).is(200, """
                {"subject": "%s", "version": 1, "id": %d, "guid": "%s", "schema": %s}"""
                .formatted(subject, id, guidOf(id), quoted(canonical(V1))));
        admin.post("/subjects/" + subject, RegistryHttp.schemaBody(V2)).isError(404, 40403, "Schema not found");
        admin.post("/subjects/nobody-" + subject, RegistryHttp.schemaBody(V1))
                .is(404, "{\"error_code\": 40401, \"message\": \"Subject 'nobody-%s' not found.\"}".formatted(subject));
    }

    @Test
    void subjectsAndVersionsAreListedAndReadByNumberOrLatest() {
        register(subject, V1);
        int id2 = register(subject, V2);

        assertThat(anonymous.get("/subjects").json()).anySatisfy(s -> assertThat(s.asText()).isEqualTo(subject));
        anonymous.get("/subjects/" + subject + "/versions").is(200, "[1, 2]");
        String latest = """
                {"subject": "%s", "version": 2, "id": %d, "guid": "%s", "schema": %s}"""
                .formatted(subject, id2, guidOf(id2), quoted(canonical(V2)));
        anonymous.get("/subjects/" + subject + "/versions/latest").is(200, latest);
        anonymous.get("/subjects/" + subject + "/versions/-1").is(200, latest);
        anonymous.get("/subjects/" + subject + "/versions/2").is(200, latest);
        assertThat(anonymous.get("/subjects/" + subject + "/versions/1/schema").json())
                .isEqualTo(readTree(canonical(V1)));
        anonymous.get("/subjects?subjectPrefix=" + subject).is(200, "[\"%s\"]".formatted(subject));
        anonymous.get("/schemas?latestOnly=true&subjectPrefix=" + subject).is(200, "[" + latest + "]");
        anonymous.get("/subjects/" + subject + "/versions/1/referencedby").is(200, "[]");
        anonymous.get("/subjects/" + subject + "/versions/3").is(404, "{\"error_code\": 40402, \"message\": \"Version 3 not found.\"}");
        anonymous.get("/subjects/" + subject + "/versions/abc").isError(422, 42202, "'abc' is not a valid version id");
        anonymous.get("/subjects/" + subject + "/versions/0").isError(422, 42202, "is not a valid version id");
        anonymous.get("/subjects/none-" + subject + "/versions").isError(404, 40401, "not found");
        anonymous.get("/subjects/none-" + subject + "/versions/1").isError(404, 40401, "not found");
    }

    static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return RegistryHttp.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void schemasAreReadByIdWithTheirSubjectsAndVersions() {
        String only = V1.replace("\"Talk\"", "\"OnlyHere\"");
        int id = register(subject, only);
        register("again-" + subject, only);

        anonymous.get("/schemas/ids/" + id).is(200, "{\"schema\": %s, \"guid\": \"%s\"}".formatted(quoted(canonical(only)), guidOf(id)));
        assertThat(anonymous.get("/schemas/ids/" + id + "/schema").json()).isEqualTo(readTree(canonical(only)));
        anonymous.get("/schemas/ids/" + id + "/subjects").is(200, "[\"again-%s\", \"%s\"]".formatted(subject, subject));
        anonymous.get("/schemas/ids/" + id + "/versions").is(200, """
                [{"subject": "again-%s", "version": 1}, {"subject": "%s", "version": 1}]""".formatted(subject, subject));
        anonymous.get("/schemas/ids/987654").is(404, "{\"error_code\": 40403, \"message\": \"Schema 987654 not found\"}");
        anonymous.get("/schemas/types").is(200, "[\"AVRO\"]");
    }

    @Test
    void invalidOrNonAvroSchemasAreRefusedWith42201() {
        admin.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody("{\"type\": \"record\", \"name\": \"X\"}"))
                .isError(422, 42201, "Invalid schema");
        admin.post("/subjects/" + subject + "/versions", "{\"schema\": \"syntax = \\\"proto3\\\";\", \"schemaType\": \"PROTOBUF\"}")
                .isError(422, 42201, "supports only AVRO");
        admin.post("/subjects/" + subject + "/versions", "{}").isError(422, 42201, "no 'schema'");
        admin.post("/subjects/" + subject + "/versions", "{not json").isError(400, 400, "Malformed JSON");
    }

    @Test
    void incompatibleSchemaIsRefusedWith409NamingTheFieldAndTheRule() {
        register(subject, V1);

        admin.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(NO_DEFAULT))
                .isError(409, 409, "incompatible with an earlier schema for subject \"" + subject + "\"")
                .isError(409, 409, "field 'speaker'")
                .isError(409, 409, "BACKWARD: the new schema must read data written with version 1");
    }

    @Test
    void compatibilityEndpointsAnswerIsCompatibleAndVerboseMessages() {
        register(subject, V1);
        String base = "/compatibility/subjects/" + subject + "/versions";

        anonymous.post(base + "/latest", RegistryHttp.schemaBody(V2)).is(200, "{\"is_compatible\": true}");
        anonymous.post(base + "/1", RegistryHttp.schemaBody(NO_DEFAULT)).is(200, "{\"is_compatible\": false}");
        anonymous.post(base, RegistryHttp.schemaBody(V2)).is(200, "{\"is_compatible\": true}");
        RegistryHttp.Response verbose = anonymous.post(base + "/latest?verbose=true", RegistryHttp.schemaBody(NO_DEFAULT));
        assertThat(verbose.json().path("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().path("messages")).singleElement()
                .satisfies(m -> assertThat(m.asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "field 'speaker'"));
        anonymous.post(base + "/latest?verbose=true", RegistryHttp.schemaBody(V2))
                .is(200, "{\"is_compatible\": true, \"messages\": []}");
        anonymous.post(base + "/7", RegistryHttp.schemaBody(V2)).isError(404, 40402, "Version 7 not found.");
        anonymous.post("/compatibility/subjects/none-" + subject + "/versions/latest", RegistryHttp.schemaBody(V2))
                .isError(404, 40401, "not found");
        anonymous.post("/compatibility/subjects/none-" + subject + "/versions", RegistryHttp.schemaBody(V2))
                .is(200, "{\"is_compatible\": true}");
    }

    @Test
    void compatibilityIsConfiguredGloballyAndPerSubject() {
        anonymous.get("/config").is(200, "{\"compatibilityLevel\": \"BACKWARD\"}");
        admin.put("/config/" + subject, "{\"compatibility\": \"NONE\"}").is(200, "{\"compatibility\": \"NONE\"}");
        anonymous.get("/config/" + subject).is(200, "{\"compatibilityLevel\": \"NONE\"}");
        register(subject, V1);
        admin.get("/subjects/" + subject + "/versions").is(200, "[1]");
        assertThat(register(subject, NO_DEFAULT)).as("NONE lets an incompatible schema in").isPositive();
        admin.get("/subjects/" + subject + "/versions").is(200, "[1, 2]");
        anonymous.get("/config/other-" + subject)
                .isError(404, 40408, "does not have subject-level compatibility configured");
        anonymous.get("/config/other-" + subject + "?defaultToGlobal=true").is(200, "{\"compatibilityLevel\": \"BACKWARD\"}");
        admin.put("/config/" + subject, "{\"compatibility\": \"SIDEWAYS\"}").isError(422, 42203, "Invalid compatibility level");
        admin.delete("/config/" + subject).is(200, "{\"compatibilityLevel\": \"NONE\"}");
        admin.delete("/config/" + subject).isError(404, 40408, "subject-level compatibility");

        admin.put("/config", "{\"compatibility\": \"full_transitive\"}").is(200, "{\"compatibility\": \"FULL_TRANSITIVE\"}");
        anonymous.get("/config").is(200, "{\"compatibilityLevel\": \"FULL_TRANSITIVE\"}");
        admin.delete("/config").is(200, "{\"compatibilityLevel\": \"FULL_TRANSITIVE\"}");
        anonymous.get("/config").is(200, "{\"compatibilityLevel\": \"BACKWARD\"}");
    }

    @Test
    void modeIsSetGloballyAndPerSubjectAndReadOnlyRefusesWrites() {
        anonymous.get("/mode").is(200, "{\"mode\": \"READWRITE\"}");
        register(subject, V1);
        admin.put("/mode/" + subject, "{\"mode\": \"READONLY\"}").is(200, "{\"mode\": \"READONLY\"}");
        anonymous.get("/mode/" + subject).is(200, "{\"mode\": \"READONLY\"}");
        admin.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(V2)).isError(422, 42205, "read-only mode");
        admin.delete("/subjects/" + subject).isError(422, 42205, "read-only mode");
        admin.put("/mode/" + subject, "{\"mode\": \"SOMETIMES\"}").isError(422, 42204, "Invalid mode");
        anonymous.get("/mode/other-" + subject).isError(404, 40409, "does not have subject-level mode configured");
        anonymous.get("/mode/other-" + subject + "?defaultToGlobal=true").is(200, "{\"mode\": \"READWRITE\"}");
        admin.put("/mode/" + subject, "{\"mode\": \"IMPORT\"}").isError(422, 42205, "Cannot import");
        admin.put("/mode/" + subject + "?force=true", "{\"mode\": \"IMPORT\"}").is(200, "{\"mode\": \"IMPORT\"}");
        admin.post("/subjects/" + subject + "/versions", "{\"schema\": %s, \"id\": 5000, \"version\": 9}".formatted(quoted(V2)))
                .is(200, "{\"id\": 5000}");
        anonymous.get("/subjects/" + subject + "/versions/9").is(200, """
                {"subject": "%s", "version": 9, "id": 5000, "guid": "%s", "schema": %s}"""
                .formatted(subject, guidOf(5000), quoted(canonical(V2))));
        admin.delete("/mode/" + subject).is(200, "{\"mode\": \"IMPORT\"}");
        anonymous.get("/mode/" + subject + "?defaultToGlobal=true").is(200, "{\"mode\": \"READWRITE\"}");
    }

    @Test
    void deletesAreSoftFirstThenPermanentWithTheConfluentCodes() {
        register(subject, V1);
        register(subject, V2);
        String path = "/subjects/" + subject;

        admin.delete(path + "?permanent=true").isError(404, 40405, "was not deleted first before being permanently deleted");
        admin.delete(path + "/versions/1?permanent=true").isError(404, 40407, "Version 1 was not deleted first");
        admin.delete(path + "/versions/1").is(200, "1");
        admin.delete(path + "/versions/1").isError(404, 40406, "Version 1 was soft deleted");
        anonymous.get(path + "/versions").is(200, "[2]");
        anonymous.get(path + "/versions?deleted=true").is(200, "[1, 2]");
        anonymous.get(path + "/versions/1").isError(404, 40402, "Version 1 not found.");
        admin.delete(path + "/versions/1?permanent=true").is(200, "1");
        admin.delete(path).is(200, "[2]");
        admin.delete(path).isError(404, 40404, "was soft deleted");
        assertThat(anonymous.get("/subjects").json()).noneSatisfy(s -> assertThat(s.asText()).isEqualTo(subject));
        assertThat(anonymous.get("/subjects?deleted=true").json()).anySatisfy(s -> assertThat(s.asText()).isEqualTo(subject));
        admin.delete(path + "?permanent=true").is(200, "[2]");
        admin.delete(path).isError(404, 40401, "not found");
        admin.delete(path + "/versions/abc").isError(422, 42202, "not a valid version id");
    }

    @Test
    void writesNeedAnAdminTokenAsBearerOrBasicPasswordWhileReadsAreOpen() {
        anonymous.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(V1)).isError(401, 40101, "Unauthorized");
        new RegistryHttp(server.url(), RegistryHttp.bearer("wrong")).put("/config", "{\"compatibility\": \"NONE\"}")
                .isError(401, 40101, "admin role");
        new RegistryHttp(server.url(), RegistryHttp.basic("anyone", "wrong")).delete("/subjects/" + subject)
                .isError(401, 40101, "admin role");
        RegistryHttp basic = new RegistryHttp(server.url(), RegistryHttp.basic("svc", TOKEN));
        int id = basic.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(V1)).json().path("id").asInt();
        assertThat(id).isPositive();
        anonymous.get("/schemas/ids/" + id).is(200, "{\"schema\": %s, \"guid\": \"%s\"}".formatted(quoted(canonical(V1)), guidOf(id)));
        anonymous.post("/subjects/" + subject, RegistryHttp.schemaBody(V1)).json();
        assertThat(anonymous.post("/subjects/" + subject, RegistryHttp.schemaBody(V1)).status()).isEqualTo(200);
    }

    @Test
    void topicMetadataIsStoredVersionedAndReadBack() {
        String topic = "topic." + subject;
        String metadata = """
                {"valueSubject": "%s-value", "identityFields": ["eventId"], "orderingField": "occurredAt"}"""
                .formatted(topic);
        String stored = """
                {"topic": "%s", "valueSubject": "%s-value", "identityFields": ["eventId"], "orderingField": "occurredAt",
                 "version": %d}""";

        anonymous.get("/v1/topics/" + topic + "/metadata").is(404,
                "{\"error_code\": 40490, \"message\": \"Topic '%s' has no metadata.\"}".formatted(topic));
        anonymous.put("/v1/topics/" + topic + "/metadata", metadata).isError(401, 40101, "Unauthorized");
        admin.put("/v1/topics/" + topic + "/metadata", metadata).is(200, stored.formatted(topic, topic, 1));
        admin.put("/v1/topics/" + topic + "/metadata", metadata).is(200, stored.formatted(topic, topic, 1));
        admin.put("/v1/topics/" + topic + "/metadata", metadata.replace("occurredAt", "recordedAt"))
                .is(200, stored.formatted(topic, topic, 2).replace("occurredAt", "recordedAt"));
        anonymous.get("/v1/topics/" + topic + "/metadata").is(200, stored.formatted(topic, topic, 2).replace("occurredAt", "recordedAt"));
        anonymous.get("/v1/topics/" + topic + "/metadata?version=1").is(200, stored.formatted(topic, topic, 1));
        anonymous.get("/v1/topics/" + topic + "/metadata/versions").is(200, "[1, 2]");
        admin.put("/v1/topics/" + topic + "/metadata", "{\"topic\": \"elsewhere\"}").isError(422, 42290, "elsewhere");
        admin.put("/v1/topics/" + topic + "/metadata", "{\"colour\": 1}").isError(422, 42290, "colour");
        admin.put("/v1/topics/" + topic + "/metadata", "{\"rules\": {\"maxLength\": {\"talkId\": 500}}}")
                .isError(422, 42290, "a topic's rules are the data contract (metadata and ruleSet) of its value subject");
        anonymous.get("/v1/topics/" + topic + "/metadata/versions").as("a refused PUT writes nothing").is(200, "[1, 2]");
    }

    @Test
    void topicMetadataMustNameFieldsOfTheSubjectsLatestSchema() {
        String topic = "checked." + subject;
        register(topic + "-value", V1);

        admin.put("/v1/topics/" + topic + "/metadata", "{\"identityFields\": [\"id\"]}").is(200, """
                {"topic": "%s", "valueSubject": "%s-value", "identityFields": ["id"], "orderingField": null,
                 "version": 1}""".formatted(topic, topic));
        admin.put("/v1/topics/" + topic + "/metadata", "{\"identityFields\": [\"id\"], \"orderingField\": \"revision\"}")
                .isError(422, 42290, "field 'revision' does not exist in the latest schema (test.Talk)");
    }

    @Test
    void unknownRoutesAndContentTypesFollowTheProtocol() {
        anonymous.get("/nothing-here").isError(404, 404, "");
        anonymous.get("/").is(200, "{}");
        assertThat(anonymous.send("GET", "/schemas/types", null, "application/json").contentType()).isEqualTo("application/json");
        assertThat(anonymous.send("GET", "/schemas/types", null, "application/vnd.schemaregistry+json").contentType())
                .isEqualTo("application/vnd.schemaregistry+json");
        assertThat(anonymous.send("GET", "/schemas/types", null, "*/*").contentType())
                .isEqualTo("application/vnd.schemaregistry.v1+json");
    }
}
