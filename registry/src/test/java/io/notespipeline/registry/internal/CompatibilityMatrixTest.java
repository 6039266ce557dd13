package io.notespipeline.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every compatibility level against every kind of schema change. The expected answers follow from
 * two facts per change (can the new schema read old data; can the old schema read new data) and
 * the level's definition; the checker computes them with Avro's SchemaCompatibility.
 */
class CompatibilityMatrixTest {

    /** A schema change and whether the new schema reads old data (backward) and the old reads new (forward). */
    record Change(String description, String oldFields, String newFields, boolean backward, boolean forward) {
        Schema oldSchema() {
            return record(oldFields);
        }

        Schema newSchema() {
            return record(newFields);
        }
    }

    static Schema record(String fields) {
        return new Schema.Parser().parse("""
                {"type": "record", "name": "Talk", "namespace": "test", "fields": [%s]}""".formatted(fields));
    }

    private static final String ID = """
            {"name": "id", "type": "string"}""";
    private static final String COLOR = """
            {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": [%s]}}""";

    static final List<Change> CHANGES = List.of(
            new Change("adding a field with a default", ID, ID + ", {\"name\": \"room\", \"type\": \"string\", \"default\": \"\"}",
                    true, true),
            new Change("adding a field without a default", ID, ID + ", {\"name\": \"room\", \"type\": \"string\"}",
                    false, true),
            new Change("removing a field with a default", ID + ", {\"name\": \"room\", \"type\": \"string\", \"default\": \"\"}", ID,
                    true, true),
            new Change("removing a field without a default", ID + ", {\"name\": \"room\", \"type\": \"string\"}", ID,
                    true, false),
            new Change("promoting int to long", "{\"name\": \"n\", \"type\": \"int\"}", "{\"name\": \"n\", \"type\": \"long\"}",
                    true, false),
            new Change("narrowing long to int", "{\"name\": \"n\", \"type\": \"long\"}", "{\"name\": \"n\", \"type\": \"int\"}",
                    false, true),
            new Change("promoting float to double", "{\"name\": \"n\", \"type\": \"float\"}",
                    "{\"name\": \"n\", \"type\": \"double\"}", true, false),
            new Change("changing string to bytes", "{\"name\": \"s\", \"type\": \"string\"}", "{\"name\": \"s\", \"type\": \"bytes\"}",
                    true, true),
            new Change("changing bytes to string", "{\"name\": \"s\", \"type\": \"bytes\"}", "{\"name\": \"s\", \"type\": \"string\"}",
                    true, true),
            new Change("adding an enum symbol", COLOR.formatted("\"RED\""), COLOR.formatted("\"RED\", \"BLUE\""), true, false),
            new Change("removing an enum symbol", COLOR.formatted("\"RED\", \"BLUE\""), COLOR.formatted("\"RED\""), false, true),
            new Change("adding a union branch", "{\"name\": \"u\", \"type\": [\"null\", \"string\"]}",
                    "{\"name\": \"u\", \"type\": [\"null\", \"string\", \"int\"]}", true, false),
            new Change("removing a union branch", "{\"name\": \"u\", \"type\": [\"null\", \"string\", \"int\"]}",
                    "{\"name\": \"u\", \"type\": [\"null\", \"string\"]}", false, true));

    @TestFactory
    Stream<DynamicTest> everyLevelDecidesEveryChangeByItsRule() {
        List<DynamicTest> tests = new ArrayList<>();
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            for (Change change : CHANGES) {
                boolean expected = (!level.backward() || change.backward()) && (!level.forward() || change.forward());
                String rule = "%s: %s %s (the new schema %s read old data; the old schema %s read new data)".formatted(
                        level, change.description(), expected ? "is allowed" : "is refused",
                        change.backward() ? "can" : "cannot", change.forward() ? "can" : "cannot");
                tests.add(DynamicTest.dynamicTest(rule, () -> {
                    List<String> problems = CompatibilityChecker.check(level, change.newSchema(),
                            List.of(new CompatibilityChecker.Earlier(1, change.oldSchema())));
                    assertThat(problems.isEmpty()).as(rule + "; checker said " + problems).isEqualTo(expected);
                }));
            }
        }
        return tests.stream();
    }

    // history v1 {x: string}, v2 {x: string, default ""}, v3 {} : v3 is fine next to v2, not next to v1
    private static final List<CompatibilityChecker.Earlier> HISTORY = List.of(
            new CompatibilityChecker.Earlier(1, record("{\"name\": \"x\", \"type\": \"string\"}")),
            new CompatibilityChecker.Earlier(2, record("{\"name\": \"x\", \"type\": \"string\", \"default\": \"\"}")));
    private static final Schema V3 = record("");

    @Test
    void transitiveLevelsCheckEveryEarlierVersionNotOnlyTheLatest() {
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD, V3, HISTORY))
                .as("FORWARD checks the latest version only: v2 (x has a default) reads v3 data").isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL, V3, HISTORY))
                .as("FULL checks the latest version only: v2 and v3 read each other").isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD_TRANSITIVE, V3, HISTORY))
                .as("FORWARD_TRANSITIVE checks v1 too, whose x has no default").singleElement().asString()
                .contains("version 1 must read data written with the new schema").contains("field 'x'");
        assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL_TRANSITIVE, V3, HISTORY))
                .as("FULL_TRANSITIVE checks v1 too").isNotEmpty();
    }

    @Test
    void backwardTransitiveRefusesWhatOnlyAnOlderVersionCannotGiveIt() {
        List<CompatibilityChecker.Earlier> history = List.of(
                new CompatibilityChecker.Earlier(1, record("{\"name\": \"a\", \"type\": \"string\"}")),
                new CompatibilityChecker.Earlier(2, record("")));
        Schema v3 = record("{\"name\": \"a\", \"type\": \"int\", \"default\": 0}");

        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, v3, history))
                .as("BACKWARD: v3 reads v2 data (a takes its default)").isEmpty();
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, v3, history))
                .as("BACKWARD_TRANSITIVE: v3 cannot read v1's string a as int").singleElement().asString()
                .contains("TYPE_MISMATCH").contains("field 'a'").contains("version 1");
    }

    @Test
    void messageNamesTheFieldTheAvroRuleAndTheRegistryRule() {
        List<String> problems = CompatibilityChecker.check(CompatibilityLevel.BACKWARD,
                record(ID + ", {\"name\": \"room\", \"type\": \"string\"}"),
                List.of(new CompatibilityChecker.Earlier(4, record(ID))));

        assertThat(problems).singleElement().asString()
                .startsWith("BACKWARD: the new schema must read data written with version 4")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("field 'room'")
                .contains("has no default value");
    }
}
