package io.notespipeline.registry;

import static io.notespipeline.registry.RegistryApiIT.canonical;
import static io.notespipeline.registry.RegistryApiIT.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.notespipeline.embedded.junit.KafkaExtension;
import io.notespipeline.embedded.junit.TestKafka;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** Avro schema references (named types in another subject) and {@code normalize=true}, on a Kafka-backed server. */
@ExtendWith(KafkaExtension.class)
class ReferencesNormalizeIT {

    static final String ROOM = """
            {"type": "record", "name": "Room", "namespace": "test", "fields": [{"name": "name", "type": "string"}]}""";
    static final String TALK = """
            {"type": "record", "name": "Talk", "namespace": "test",
             "fields": [{"name": "id", "type": "string"}, {"name": "room", "type": "test.Room"}]}""";

    /** The same record written two ways: namespace apart or in the name, properties and aliases in another order. */
    static final String WRITTEN_ONE_WAY = """
            {"type": "record", "name": "Note", "namespace": "test", "aliases": ["Z", "Y"],
             "fields": [{"name": "text", "type": {"type": "string", "b": 1, "a": 2}, "doc": "the text"}]}""";
    static final String WRITTEN_ANOTHER_WAY = """
            {"name": "test.Note", "fields": [{"doc": "the text", "type": {"a": 2, "type": "string", "b": 1}, "name": "text"}],
             "type": "record", "aliases": ["test.Y", "test.Z"]}""";

    static RegistryServer server;
    static RegistryHttp http;
    String subject;

    @BeforeAll
    static void start(TestKafka kafka) {
        server = new RegistryServer(new RegistryConfig(Map.of(RegistryConfig.PORT_CONFIG, 0,
                RegistryConfig.TOPIC_CONFIG, kafka.uniqueTopic("_schemas"))), kafka.bootstrapServers()).start();
        http = new RegistryHttp(server.url(), null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void subject(TestInfo info) {
        subject = info.getTestMethod().orElseThrow().getName() + "-value";
    }

    static String withReferences(String schema, String references) {
        return "{\"schema\": " + quoted(schema) + ", \"references\": " + references + "}";
    }

    @Test
    void aSchemaReferencingATypeOfAnotherSubjectIsResolvedStoredWithItsReferencesAndGuardsThem() {
        String roomSubject = "room-" + subject;
        int roomId = http.post("/subjects/" + roomSubject + "/versions", RegistryHttp.schemaBody(ROOM)).json().path("id").asInt();
        String references = "[{\"name\": \"test.Room\", \"subject\": \"%s\", \"version\": 1}]".formatted(roomSubject);

        int id = http.post("/subjects/" + subject + "/versions", withReferences(TALK, references)).json().path("id").asInt();

        String stored = """
                {"type":"record","name":"Talk","namespace":"test","fields":[{"name":"id","type":"string"},\
                {"name":"room","type":"Room"}]}""";
        String guid = http.get("/schemas/ids/" + id).json().path("guid").asText();
        http.get("/schemas/ids/" + id).as("the referenced type is written by name, the reference beside it")
                .is(200, "{\"schema\": %s, \"references\": %s, \"guid\": \"%s\"}".formatted(quoted(stored), references, guid));
        http.get("/subjects/" + subject + "/versions/1").is(200, """
                {"subject": "%s", "version": 1, "id": %d, "guid": "%s", "references": %s, "schema": %s}"""
                .formatted(subject, id, guid, references, quoted(stored)));
        http.get("/subjects/" + roomSubject + "/versions/1/referencedby").is(200, "[" + id + "]");
        http.get("/schemas/ids/" + roomId + "/referencedby").is(200, "[" + id + "]");
        http.get("/subjects/" + subject + "/versions/1/referencedby").is(200, "[]");
        http.post("/subjects/" + subject, withReferences(TALK, references)).json();
        assertThat(http.post("/subjects/" + subject, withReferences(TALK, references)).json().path("version").asInt())
                .isEqualTo(1);
        http.delete("/subjects/" + roomSubject + "/versions/1").as("a referenced version cannot be deleted")
                .isError(422, 42206, "One or more references exist to the schema");
        http.delete("/subjects/" + roomSubject).isError(422, 42206, "version=1");
        http.post("/subjects/" + subject + "/versions", RegistryHttp.schemaBody(TALK))
                .as("without its reference the named type is unknown").isError(422, 42201, "Invalid schema");
        http.post("/subjects/" + subject + "/versions", withReferences(TALK,
                "[{\"name\": \"test.Room\", \"subject\": \"%s\", \"version\": 7}]".formatted(roomSubject)))
                .isError(422, 42201, "names version 7 of subject '" + roomSubject + "', which does not exist");
        http.post("/subjects/" + subject + "/versions", withReferences(TALK, "[{\"name\": \"test.Room\"}]"))
                .isError(422, 42201, "a reference needs a 'name', a 'subject' and a 'version'");
        http.delete("/subjects/" + subject + "/versions/1").is(200, "1");
        http.delete("/subjects/" + subject + "/versions/1?permanent=true").is(200, "1");
        http.delete("/subjects/" + roomSubject + "/versions/1").as("once its referrer is gone, a version can be deleted")
                .is(200, "1");
    }

    @Test
    void normalizeFindsAnEquivalentSchemaInsteadOfAddingAVersion() {
        String path = "/subjects/" + subject;
        int id = http.post(path + "/versions?normalize=true", RegistryHttp.schemaBody(WRITTEN_ONE_WAY)).json().path("id").asInt();

        http.post(path + "/versions?normalize=true", RegistryHttp.schemaBody(WRITTEN_ANOTHER_WAY))
                .is(200, "{\"id\": %d}".formatted(id));
        http.get(path + "/versions").is(200, "[1]");
        http.get(path + "/versions/1/schema").is(200, """
                {"type": "record", "name": "test.Note", "aliases": ["test.Y", "test.Z"],
                 "fields": [{"name": "text", "doc": "the text", "type": {"type": "string", "a": 2, "b": 1}}]}""");
        assertThat(http.get(path + "/versions/1/schema").body()).as("the normal form fixes the order of attributes")
                .startsWith("{\"type\":\"record\",\"name\":\"test.Note\",\"aliases\"");
        assertThat(http.post(path + "?normalize=true", RegistryHttp.schemaBody(WRITTEN_ANOTHER_WAY)).json().path("id").asInt())
                .isEqualTo(id);
        http.post(path, RegistryHttp.schemaBody(WRITTEN_ANOTHER_WAY)).as("without normalize the written form counts")
                .isError(404, 40403, "Schema not found");

        String plain = "plain-" + subject;
        int first = http.post("/subjects/" + plain + "/versions", RegistryHttp.schemaBody(WRITTEN_ONE_WAY)).json().path("id").asInt();
        int second = http.post("/subjects/" + plain + "/versions", RegistryHttp.schemaBody(WRITTEN_ANOTHER_WAY)).json()
                .path("id").asInt();
        assertThat(second).as("without normalize, a different order of properties is another schema").isNotEqualTo(first);
        assertThat(http.get("/subjects/" + plain + "/versions/1/schema").json()).isEqualTo(RegistryApiIT.readTree(
                canonical(WRITTEN_ONE_WAY)));
    }
}
