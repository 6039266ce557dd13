package io.notespipeline.registry;

import static io.notespipeline.registry.RegistryApiIT.canonical;
import static io.notespipeline.registry.RegistryApiIT.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Data contracts in Confluent's JSON shapes on a Kafka-backed server: metadata and rule sets on
 * every endpoint that returns a schema, their validation codes, config defaults and overrides,
 * compatibility groups, the metadata lookup, schema GUIDs, Avro references (named types in another
 * subject) and {@code normalize=true}.
 */
@ExtendWith(KafkaExtension.class)
class ContractApiIT {

    static final String V1 = RegistryApiIT.V1;
    static final String V2 = RegistryApiIT.V2;
    static final String NO_DEFAULT = RegistryApiIT.NO_DEFAULT;

    /** Sent unsorted; Confluent answers maps and sets sorted and leaves empty parts out. */
    static final String METADATA = """
            {"properties": {"owner": "notes", "app.version": "1"}, "tags": {"Talk.id": ["PII", "KEY"]},
             "sensitive": ["secret"]}""";
    static final String METADATA_SORTED = """
            {"tags": {"Talk.id": ["KEY", "PII"]}, "properties": {"app.version": "1", "owner": "notes"},
             "sensitive": ["secret"]}""";
    static final String RULE_SET = """
            {"domainRules": [{"name": "authorNotBlank", "kind": "CONDITION", "mode": "WRITE", "type": "CEL",
              "expr": "message.author != ''", "params": {"b": "2", "a": "1"}, "tags": ["PII"], "onFailure": "ERROR"}]}""";
    static final String RULE_SET_ANSWER = """
            {"domainRules": [{"name": "authorNotBlank", "kind": "CONDITION", "mode": "WRITE", "type": "CEL",
              "tags": ["PII"], "params": {"a": "1", "b": "2"}, "expr": "message.author != ''", "onFailure": "ERROR",
              "disabled": false}]}""";

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
        server = new RegistryServer(new RegistryConfig(Map.of(RegistryConfig.PORT_CONFIG, 0, RegistryConfig.WRITES_OPEN_CONFIG, true)), kafka.bootstrapServers(),
                TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("contracts") + ".")).start();
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

    static String body(String schema, String metadata, String ruleSet) {
        return "{\"schema\": " + quoted(schema) + (metadata == null ? "" : ", \"metadata\": " + metadata)
                + (ruleSet == null ? "" : ", \"ruleSet\": " + ruleSet) + "}";
    }

    static String guidOf(int id) {
        return http.get("/schemas/ids/" + id).json().path("guid").asText();
    }

    @Test
    void metadataAndRuleSetAreStoredAndReturnedOnEveryEndpointThatReturnsASchema() {
        RegistryHttp.Response registered = http.post("/subjects/" + subject + "/versions", body(V1, METADATA, RULE_SET));
        int id = registered.json().path("id").asInt();
        String guid = guidOf(id);
        String contract = "\"metadata\": " + METADATA_SORTED + ", \"ruleSet\": " + RULE_SET_ANSWER;
        String version = """
                {"subject": "%s", "version": 1, "id": %d, "guid": "%s", %s, "schema": %s}"""
                .formatted(subject, id, guid, contract, quoted(canonical(V1)));

        registered.is(200, """
                {"id": %d, "version": 1, "guid": "%s", "schema": %s, %s}""".formatted(id, guid, quoted(canonical(V1)), contract));
        http.get("/subjects/" + subject + "/versions/1").is(200, version);
        http.get("/subjects/" + subject + "/versions/latest").is(200, version);
        http.get("/schemas?subjectPrefix=" + subject).is(200, "[" + version + "]");
        http.post("/subjects/" + subject, body(V1, METADATA, RULE_SET)).is(200, version);
        http.post("/subjects/" + subject, body(V1, null, null)).as("a schema-only lookup finds the contract's version")
                .is(200, version);
        http.post("/subjects/" + subject, body(V1, "{\"properties\": {\"owner\": \"else\"}}", null))
                .isError(404, 40403, "Schema not found");
        String byId = """
                {"schema": %s, %s, "guid": "%s"}""".formatted(quoted(canonical(V1)), contract, guid);
        http.get("/schemas/ids/" + id).is(200, byId);
        http.get("/schemas/guids/" + guid).is(200, byId);
    }

    @Test
    void aRegistrationDifferingOnlyInItsContractIsANewVersionWithANewIdAndGuid() {
        int plain = http.post("/subjects/" + subject + "/versions", body(V1, null, null)).json().path("id").asInt();
        http.post("/subjects/" + subject + "/versions", body(V1, null, null)).is(200, "{\"id\": %d}".formatted(plain));
        int withMetadata = http.post("/subjects/" + subject + "/versions", body(V1, METADATA, null)).json().path("id").asInt();
        int withRules = http.post("/subjects/" + subject + "/versions", body(V1, METADATA, RULE_SET)).json().path("id").asInt();

        assertThat(new int[] {plain, withMetadata, withRules}).as("metadata and rules are part of what an id names")
                .doesNotHaveDuplicates();
        assertThat(guidOf(withMetadata)).isNotEqualTo(guidOf(plain));
        http.get("/subjects/" + subject + "/versions").is(200, "[1, 2, 3]");
        http.post("/subjects/" + subject + "/versions", body(V1, METADATA, RULE_SET))
                .as("registering a version again answers its id, as Confluent's lookup-first does")
                .is(200, "{\"id\": %d}".formatted(withRules));
        http.post("/subjects/" + subject + "/versions", body(V1, null, null))
                .as("a registration equal to an earlier version is that version (Confluent looks it up first)")
                .is(200, "{\"id\": %d}".formatted(plain));
        String inherits = "inherits-" + subject;
        http.post("/subjects/" + inherits + "/versions", body(V1, METADATA, RULE_SET)).json();
        http.post("/subjects/" + inherits + "/versions", body(V1, null, null))
                .as("without a contract of its own, a registration takes the previous version's, so it is that version")
                .is(200, """
                        {"id": %d, "version": 1, "guid": "%s", "schema": %s, "metadata": %s, "ruleSet": %s}"""
                        .formatted(withRules, guidOf(withRules), quoted(canonical(V1)), METADATA_SORTED, RULE_SET_ANSWER));
        http.get("/subjects/" + inherits + "/versions").is(200, "[1]");
        http.get("/subjects/" + subject + "/versions").is(200, "[1, 2, 3]");
        http.post("/subjects/other-" + subject + "/versions", body(V1, METADATA, RULE_SET))
                .as("the same schema and contract has the same id under any subject")
                .json().path("id").asInt();
        assertThat(http.get("/subjects/other-" + subject + "/versions/1").json().path("id").asInt()).isEqualTo(withRules);
        http.get("/schemas/guids/00000000-0000-0000-0000-000000000000")
                .is(404, "{\"error_code\": 40403, \"message\": \"Schema 00000000-0000-0000-0000-000000000000 not found\"}");
    }

    @Test
    void ruleSetsAreValidatedAsConfluentDoesWith42210() {
        String path = "/subjects/" + subject + "/versions";
        String rule = "{\"name\": \"%s\", \"kind\": \"%s\", \"mode\": \"%s\", \"type\": \"CEL\", \"expr\": \"true\"%s}";

        http.post(path, body(V1, null, "{\"domainRules\": [" + rule.formatted("a", "CONDITION", "WRITE", "") + ", "
                + rule.formatted("a", "CONDITION", "READ", "") + "]}")).isError(422, 42210, "Found rule with duplicate name 'a'");
        http.post(path, body(V1, null, "{\"domainRules\": [" + rule.formatted("a", "CONDITION", "UPGRADE", "") + "]}"))
                .isError(422, 42210, "Domain rules can only be WRITE, READ, WRITEREAD");
        http.post(path, body(V1, null, "{\"migrationRules\": [" + rule.formatted("a", "TRANSFORM", "WRITE", "") + "]}"))
                .isError(422, 42210, "Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN");
        http.post(path, body(V1, null, "{\"domainRules\": [" + rule.formatted("a", "CHECK", "WRITE", "") + "]}"))
                .isError(422, 42210, "Invalid rule kind 'CHECK'");
        http.post(path, body(V1, null, "{\"domainRules\": [{\"name\": \"a\", \"kind\": \"CONDITION\"}]}"))
                .isError(422, 42210, "Missing rule type");
        http.post(path, body(V1, null, "{\"domainRules\": [" + rule.formatted("1a", "CONDITION", "WRITE", "") + "]}"))
                .isError(422, 42210, "Illegal initial character in rule name: 1a");
        http.post(path, body(V1, null, "{\"domainRules\": [" + rule.formatted("a", "CONDITION", "WRITE",
                ", \"onFailure\": \"NONE,ERROR\"") + "]}")).isError(422, 42210, "only allowed for WRITEREAD and UPDOWN");
        http.post(path, body(V1, null, "{\"domainRules\": [" + rule.formatted("a", "CONDITION", "WRITE",
                ", \"onFailure\": \"DEAD LETTER\"") + "]}")).isError(422, 42210, "Invalid onFailure 'DEAD LETTER'");
        http.post(path, body(V1, null, "{\"domainRules\": {\"name\": \"a\"}}")).isError(422, 42210, "Invalid ruleSet");
        http.post(path, body(V1, null, "{\"domainRules\": [{\"name\": \"broken\", \"kind\": \"CONDITION\", \"mode\": \"WRITE\","
                + " \"type\": \"CEL\", \"expr\": \"message.author ==\"}]}"))
                .as("a CEL condition the pipeline's engine cannot compile is refused, naming it")
                .isError(422, 42210, "rule broken does not compile");
        http.get("/subjects/" + subject + "/versions").as("a refused rule set stores nothing").isError(404, 40401, "not found");

        http.post(path, body(V1, null, "{\"domainRules\": [" + rule.formatted("a", "CONDITION", "WRITEREAD",
                ", \"onFailure\": \"DLQ,NONE\"") + "], \"migrationRules\": [" + rule.formatted("m", "TRANSFORM", "UPDOWN", "")
                + "]}")).json();
        assertThat(http.get("/subjects/" + subject + "/versions/1").json().path("ruleSet")).isEqualTo(RegistryApiIT.readTree("""
                {"migrationRules": [{"name": "m", "kind": "TRANSFORM", "mode": "UPDOWN", "type": "CEL", "expr": "true",
                                     "disabled": false}],
                 "domainRules": [{"name": "a", "kind": "CONDITION", "mode": "WRITEREAD", "type": "CEL", "expr": "true",
                                  "onFailure": "DLQ,NONE", "disabled": false}]}"""));
        http.put("/config/" + subject, "{\"defaultRuleSet\": {\"domainRules\": [" + rule.formatted("d", "CONDITION", "UPDOWN", "")
                + "]}}").isError(422, 42210, "Domain rules can only be WRITE, READ, WRITEREAD");
    }

    @Test
    void configDefaultsAndOverridesAreMergedIntoARegistrationAsConfluentDoes() {
        String rule = "{\"name\": \"%s\", \"kind\": \"CONDITION\", \"mode\": \"WRITE\", \"type\": \"CEL\", \"expr\": \"'%s' != ''\","
                + " \"disabled\": false}";
        String config = """
                {"defaultMetadata": {"properties": {"owner": "default", "team": "pipeline"}},
                 "overrideMetadata": {"properties": {"owner": "ops"}},
                 "defaultRuleSet": {"domainRules": [%s, %s]},
                 "overrideRuleSet": {"domainRules": [%s]}}""".formatted(rule.formatted("a", "default-a"),
                rule.formatted("b", "default-b"), rule.formatted("o", "override"));
        http.put("/config/" + subject, config).is(200, config);
        http.get("/config/" + subject).as("a subject config without a level of its own has none").is(200, config);
        String merged = """
                {"subject": "%s", "version": 1, "id": %d, "guid": "%s",
                 "metadata": {"properties": {"owner": "ops", "team": "pipeline", "x": "1"}},
                 "ruleSet": {"domainRules": [%s, %s, %s]}, "schema": %s}""";

        int id = http.post("/subjects/" + subject + "/versions", body(V1, "{\"properties\": {\"owner\": \"me\", \"x\": \"1\"}}",
                "{\"domainRules\": [" + rule.formatted("a", "mine") + "]}")).json().path("id").asInt();

        String answer = merged.formatted(subject, id, guidOf(id), rule.formatted("b", "default-b"), rule.formatted("a", "mine"),
                rule.formatted("o", "override"), quoted(canonical(V1)));
        http.get("/subjects/" + subject + "/versions/1").as("default <- request <- override; a same-named rule replaces the older")
                .is(200, answer);
        int second = http.post("/subjects/" + subject + "/versions", body(V2, null, null)).json().path("id").asInt();
        assertThat(http.get("/subjects/" + subject + "/versions/2").json().path("metadata"))
                .as("a registration without metadata takes the previous version's, then the config's")
                .isEqualTo(http.get("/subjects/" + subject + "/versions/1").json().path("metadata"));
        assertThat(second).isNotEqualTo(id);

        http.put("/config/" + subject, "{\"compatibility\": \"FULL\"}").is(200, "{\"compatibility\": \"FULL\"}");
        assertThat(http.get("/config/" + subject).json().path("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(http.get("/config/" + subject).json().path("overrideMetadata").isObject())
                .as("an update keeps the fields it does not name").isTrue();
        String before = http.get("/config/" + subject).body();
        http.delete("/config/" + subject).as("removing a config answers the removed config").is(200, before);
        http.get("/config/" + subject).isError(404, 40408, "subject-level compatibility");
    }

    @Test
    void globalConfigDefaultsApplyToSubjectsWithoutTheirOwn() {
        http.put("/config", "{\"defaultMetadata\": {\"properties\": {\"origin\": \"global\"}}}")
                .is(200, "{\"defaultMetadata\": {\"properties\": {\"origin\": \"global\"}}}");
        try {
            http.get("/config").is(200, """
                    {"compatibilityLevel": "BACKWARD", "defaultMetadata": {"properties": {"origin": "global"}}}""");
            http.post("/subjects/" + subject + "/versions", body(V1, null, null));
            assertThat(http.get("/subjects/" + subject + "/versions/1").json().path("metadata").toString())
                    .isEqualTo("{\"properties\":{\"origin\":\"global\"}}");
        } finally {
            http.delete("/config").is(200, """
                    {"compatibilityLevel": "BACKWARD", "defaultMetadata": {"properties": {"origin": "global"}}}""");
        }
        http.get("/config").is(200, "{\"compatibilityLevel\": \"BACKWARD\"}");
    }

    @Test
    void compatibilityIsCheckedOnlyWithinTheCompatibilityGroup() {
        http.put("/config/" + subject, "{\"compatibility\": \"BACKWARD\", \"compatibilityGroup\": \"major\"}")
                .is(200, "{\"compatibility\": \"BACKWARD\", \"compatibilityGroup\": \"major\"}");
        String major = "{\"properties\": {\"major\": \"%s\"}}";
        String third = NO_DEFAULT.replace("\"string\"}]}", "\"string\"}, {\"name\": \"track\", \"type\": \"string\"}]}");

        http.post("/subjects/" + subject + "/versions", body(V1, major.formatted("1"), null)).json();
        assertThat(http.post("/subjects/" + subject + "/versions", body(NO_DEFAULT, major.formatted("2"), null)).status())
                .as("a field without a default is accepted in a new group (BACKWARD would refuse it against version 1)")
                .isEqualTo(200);
        http.post("/subjects/" + subject + "/versions", body(third, major.formatted("2"), null))
                .as("within group 2, adding a field without a default is not backward compatible")
                .isError(409, 409, "field 'track'");
        http.post("/subjects/" + subject + "/versions", body(V2, major.formatted("1"), null)).json();
        http.get("/subjects/" + subject + "/versions").is(200, "[1, 2, 3]");
    }

    @Test
    void theMetadataLookupAnswersTheLatestVersionHoldingEveryPair() {
        String path = "/subjects/" + subject;
        http.put("/config/" + subject, "{\"compatibility\": \"NONE\"}");
        http.post(path + "/versions", body(V1, "{\"properties\": {\"app\": \"1\"}}", null));
        http.post(path + "/versions", body(V2, "{\"properties\": {\"app\": \"2\"}}", null));
        http.post(path + "/versions", body(NO_DEFAULT, "{\"properties\": {\"app\": \"1\", \"env\": \"prod\"}}", null));

        assertThat(http.get(path + "/metadata?key=app&value=1").json().path("version").asInt()).isEqualTo(3);
        assertThat(http.get(path + "/metadata?key=app&value=2").json().path("version").asInt()).isEqualTo(2);
        assertThat(http.get(path + "/metadata?key=app&value=1&key=env&value=prod").json().path("version").asInt()).isEqualTo(3);
        http.get(path + "/metadata?key=app&value=2").is(200, http.get(path + "/versions/2").body());
        http.get(path + "/metadata?key=app&value=3").isError(404, 40403, "Schema not found");
        http.get("/subjects/none-" + subject + "/metadata?key=app&value=1").isError(404, 40401, "not found");
        http.delete(path + "/versions/3");
        assertThat(http.get(path + "/metadata?key=app&value=1").json().path("version").asInt()).isEqualTo(1);
        assertThat(http.get(path + "/metadata?key=app&value=1&deleted=true").json().path("version").asInt()).isEqualTo(3);
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
