package io.notespipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.RejectedEvent;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Reads the .avsc files themselves: the contract STYLE.md sets for schemas. */
class SchemaDocsTest {

    private static final Path AVRO_DIR = Path.of("src/main/avro");

    @Test
    void shouldHaveOneRecordPerFileNamedAfterIt() throws IOException {
        try (Stream<Path> files = Files.list(AVRO_DIR)) {
            List<Path> avsc = files.filter(p -> p.toString().endsWith(".avsc")).toList();
            assertThat(avsc).hasSizeGreaterThanOrEqualTo(13);
            for (Path file : avsc) {
                String json = Files.readString(file);
                String name = file.getFileName().toString().replace(".avsc", "");
                assertThat(json).as("%s declares record %s", file, name).contains("\"name\": \"" + name + "\"");
            }
        }
    }

    @Test
    void shouldDocumentEveryRecordAndEveryField() {
        List<String> missing = new ArrayList<>();
        for (Schema root : List.of(NoteEvent.getClassSchema(), TalkView.getClassSchema(), RejectedEvent.getClassSchema())) {
            visit(root, new IdentityHashMap<>(), missing);
        }
        assertThat(missing).as("every record and field needs a doc (STYLE.md)").isEmpty();
    }

    @Test
    void shouldUseLogicalTypesForIdsAndTimes() {
        Schema event = NoteEvent.getClassSchema();
        assertThat(event.getField("eventId").schema().getLogicalType()).isEqualTo(LogicalTypes.uuid());
        assertThat(event.getField("occurredAt").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
        assertThat(TalkView.getClassSchema().getField("updatedAt").schema().getLogicalType())
                .isEqualTo(LogicalTypes.timestampMillis());
    }

    private static void visit(Schema schema, Map<Schema, Boolean> seen, List<String> missing) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.put(schema, true) != null) {
                    return;
                }
                if (blank(schema.getDoc())) {
                    missing.add(schema.getFullName());
                }
                for (Schema.Field field : schema.getFields()) {
                    if (blank(field.doc())) {
                        missing.add(schema.getName() + "." + field.name());
                    }
                    visit(field.schema(), seen, missing);
                }
            }
            case UNION -> schema.getTypes().forEach(s -> visit(s, seen, missing));
            case ARRAY -> visit(schema.getElementType(), seen, missing);
            case MAP -> visit(schema.getValueType(), seen, missing);
            default -> { }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
