package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.notespipeline.producer.internal.FastEventJson;
import io.notespipeline.schemas.avro.Link;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.TalkCreated;

import com.fasterxml.jackson.core.JsonFactory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The REST API's streaming fast path reads a body only when the tree path reads it without a violation, and then
 * to the very same commands: on generated bodies (fields in any order, nulls, wrong types, unknown and duplicate
 * fields, numbers of every kind, batches, trailing tokens, truncations), whenever {@link FastEventJson#read} gives
 * commands, {@code ProducerApi.parseTree} gives the same ones and the same batch flag.
 */
class FastEventJsonProperties {

    private static final PublisherConfig CONFIG = PublisherConfig.defaults();
    private static final ProducerApi API = new ProducerApi(null, CONFIG);
    private static final JsonFactory FACTORY = io.notespipeline.schemas.http.Json.strictMapper(
            com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(CONFIG.maxBodyBytes()).maxNumberLength(100).build()).getFactory();

    @Property(tries = 3000)
    void theFastPathReadsOnlyWhatTheTreeReadsCleanlyAndReadsItTheSame(@ForAll("bodies") String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FastEventJson.Body fast = FastEventJson.read(FACTORY, body, "path-talk");
        Statistics.label("path").collect(fast == null ? "tree" : "fast");
        if (fast != null) {
            ProducerApi.Request tree = API.parseTree(body, "path-talk"); // throws (fails the property) on any violation
            assertThat(fast.commands()).as("commands of %s", text).isEqualTo(tree.commands());
            assertThat(fast.batch()).as("batch flag of %s", text).isEqualTo(tree.batch());
        }
        Statistics.label("path").coverage(c -> {
            c.check("fast").percentage(p -> p >= 5);
            c.check("tree").percentage(p -> p >= 15);
        });
    }

    @Example
    void aValidBatchIsReadByTheFastPathWithEveryField() {
        String body = """
                {"events": [
                  {"type": "TalkCreated", "author": "ann", "eventId": "123e4567-e89b-12d3-a456-426614174000",
                   "payload": {"title": "T", "speakers": ["Ann"], "links": [{"label": "V", "url": "https://v.example"}]}},
                  {"payload": {"noteId": "n1", "text": "hi", "position": 3}, "type": "NoteAdded", "author": "bob",
                   "talkId": "other", "occurredAt": 1495187520000, "expectedRevision": 7, "correlationId": "c"}
                ]}""";
        FastEventJson.Body fast = FastEventJson.read(FACTORY, body.getBytes(StandardCharsets.UTF_8), "t1");
        assertThat(fast).isNotNull();
        assertThat(fast.batch()).isTrue();
        assertThat(fast.commands()).hasSize(2);
        assertThat(fast.commands().get(0).talkId()).isEqualTo("t1");
        assertThat(((TalkCreated) fast.commands().get(0).payload()).getLinks())
                .containsExactly(new Link("V", "https://v.example"));
        assertThat(fast.commands().get(1).talkId()).isEqualTo("other");
        assertThat(fast.commands().get(1).expectedRevision()).isEqualTo(7L);
        assertThat(((NoteAdded) fast.commands().get(1).payload()).getPosition()).isEqualTo(3);
    }

    @Example
    void anUnknownFieldOrADuplicateKeyIsLeftToTheTreePath() {
        assertThat(FastEventJson.read(FACTORY, """
                {"type": "NoteDeleted", "author": "a", "colour": "red", "payload": {"noteId": "n1"}}"""
                .getBytes(StandardCharsets.UTF_8), "t1")).isNull();
        assertThat(FastEventJson.read(FACTORY, """
                {"type": "NoteDeleted", "author": "a", "author": "b", "payload": {"noteId": "n1"}}"""
                .getBytes(StandardCharsets.UTF_8), "t1")).isNull();
        // duplicates at every level: the fast path finds them itself (Jackson's detector is off there)
        assertThat(FastEventJson.read(FACTORY, """
                {"type": "NoteDeleted", "author": "a", "payload": {"noteId": "n1", "noteId": "n2"}}"""
                .getBytes(StandardCharsets.UTF_8), "t1")).isNull();
        assertThat(FastEventJson.read(FACTORY, """
                {"type": "TalkCreated", "author": "a", "payload": {"title": "T", "conference": "C",
                 "links": [{"label": "V", "url": "https://v.example", "url": "https://w.example"}]}}"""
                .getBytes(StandardCharsets.UTF_8), "t1")).isNull();
        assertThat(FastEventJson.read(FACTORY, """
                {"events": [{"type": "NoteDeleted", "author": "a", "payload": {"noteId": "n1"}}], "events": []}"""
                .getBytes(StandardCharsets.UTF_8), "t1")).isNull();
    }

    // ---- generators

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> event = event();
        Arbitrary<String> batch = event.list().ofMinSize(0).ofMaxSize(3).map(e -> "{\"events\": [" + String.join(", ", e) + "]}");
        Arbitrary<String> odd = Arbitraries.of("", "[]", "{}", "null", "{\"events\": []}", "{\"events\": {}}",
                "{\"events\": [1]}");
        Arbitrary<String> any = Arbitraries.frequencyOf(Tuple.of(6, event), Tuple.of(3, batch), Tuple.of(1, odd));
        return Arbitraries.frequencyOf(
                Tuple.of(20, any),
                Tuple.of(1, any.map(b -> b + " {}")),
                Tuple.of(1, Combinators.combine(any, Arbitraries.integers().between(0, 200))
                        .as((b, n) -> b.substring(0, Math.min(n, b.length())))),
                Tuple.of(1, event.map(e -> "{\"type\": \"NoteDeleted\", \"events\": [" + e + "]}")),
                Tuple.of(1, event.map(e -> "{\"events\": [" + e + "], \"author\": \"a\"}")));
    }

    private static final java.util.Map<String, List<String>> ALLOWED = java.util.Map.of(
            "TalkCreated", List.of("title", "conference", "speakers", "links", "tags"),
            "TalkUpdated", List.of("title", "conference", "speakers", "links", "tags"),
            "NoteAdded", List.of("noteId", "parentId", "position", "text"),
            "NoteEdited", List.of("noteId", "text"),
            "NoteMoved", List.of("noteId", "parentId", "position"),
            "NoteDeleted", List.of("noteId"),
            "TalkDeleted", List.of("reason"));
    private static final List<String> ALL_PAYLOAD = List.of("title", "conference", "speakers", "links", "tags", "noteId",
            "parentId", "position", "text", "reason", "colour");

    private static Arbitrary<String> mostly(Arbitrary<String> good, Arbitrary<String> bad) {
        return Arbitraries.frequencyOf(Tuple.of(8, good), Tuple.of(1, bad));
    }

    private static Arbitrary<String> payloadValue(String field) {
        Arbitrary<String> text = mostly(Arbitraries.of("\"a\"", "\"é 😀\"", "\"\\u0007\"", "\"\"", "null"),
                Arbitraries.of("5", "[\"x\"]", "{}", "true"));
        return switch (field) {
            case "position" -> mostly(Arbitraries.of("0", "-1", "7", "2147483647", "null"),
                    Arbitraries.of("2147483648", "9223372036854775808", "1.0", "\"3\""));
            case "speakers", "tags" -> mostly(Arbitraries.of("[]", "[\"a\"]", "[\"a\", \"b\"]", "null"),
                    Arbitraries.of("[null]", "[1]", "\"a\""));
            case "links" -> mostly(Arbitraries.of("[]", "[{\"label\": \"L\", \"url\": \"https://x.org\"}]",
                    "[{\"url\": \"u\"}]", "null"), Arbitraries.of("[{\"label\": null, \"colour\": 1}]",
                    "[{\"label\": \"a\", \"label\": \"b\"}]", "[1]", "{}"));
            default -> text;
        };
    }

    private static Arbitrary<String> payload(String type) {
        List<String> allowed = ALLOWED.getOrDefault(type, ALL_PAYLOAD);
        Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(allowed)),
                Tuple.of(1, Arbitraries.of(ALL_PAYLOAD)));
        Arbitrary<String> field = name.flatMap(n -> payloadValue(n).map(v -> "\"" + n + "\": " + v));
        return Arbitraries.frequencyOf(
                Tuple.of(20, field.list().ofMaxSize(4).map(f -> "{" + String.join(", ", f) + "}")),
                Tuple.of(1, Arbitraries.of("null", "[]", "\"p\"")));
    }

    private static Arbitrary<String> event() {
        Arbitrary<String> types = mostly(Arbitraries.of(ALLOWED.keySet().stream().sorted().toList()),
                Arbitraries.of("Nope", "null", "1"));
        return types.flatMap(type -> {
            String typeValue = type.equals("null") || type.equals("1") ? type : "\"" + type + "\"";
            Arbitrary<String> eventId = values(mostly(Arbitraries.of("\"123e4567-e89b-12d3-a456-426614174000\"", "null"),
                    Arbitraries.of("\"123E4567-E89B-12D3-A456-426614174000\"", "\"1-2-3-4-5\"", "\"nope\"", "7")), 25);
            Arbitrary<String> talkId = values(mostly(Arbitraries.of("\"t1\"", "\"\"", "null"), Arbitraries.of("[]")), 10);
            Arbitrary<String> occurredAt = values(mostly(Arbitraries.of("\"2017-05-19T09:52:00Z\"", "1495187520000",
                    "-1", "9223372036854775807", "null"), Arbitraries.of("\"2017-05-19\"", "\"yesterday\"",
                    "9223372036854775808", "1.5", "1e3", "true")), 20);
            Arbitrary<String> author = values(mostly(Arbitraries.of("\"ann\"", "\"\"", "\"  \""),
                    Arbitraries.of("null", "3", "{}")), 46);
            Arbitrary<String> revision = values(mostly(Arbitraries.of("0", "7", "-1", "null"),
                    Arbitraries.of("9223372036854775808", "1.0", "\"3\"")), 10);
            Arbitrary<String> correlation = values(mostly(Arbitraries.of("\"c1\"", "null"), Arbitraries.of("2")), 10);
            Arbitrary<String> payload = values(payload(type), 47);
            Arbitrary<String> extra = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("")),
                    Tuple.of(1, Arbitraries.of("\"colour\": 1", "\"author\": \"dup\"", "\"type\": \"NoteDeleted\"")));
            Arbitrary<List<String>> fields = Combinators.combine(List.of(
                    Arbitraries.just("\"type\": " + typeValue),
                    eventId.map(v -> entry("eventId", v)), talkId.map(v -> entry("talkId", v)),
                    occurredAt.map(v -> entry("occurredAt", v)), author.map(v -> entry("author", v)),
                    correlation.map(v -> entry("correlationId", v)), revision.map(v -> entry("expectedRevision", v)),
                    payload.map(v -> entry("payload", v)), extra))
                    .as(list -> list.stream().map(f -> (String) f).filter(f -> !f.isEmpty()).toList());
            return fields.flatMap(Arbitraries::shuffle).map(f -> "{" + String.join(", ", f) + "}");
        });
    }

    private static String entry(String name, String value) {
        return value.isEmpty() ? "" : "\"" + name + "\": " + value;
    }

    /** {@code pool}'s values {@code weightPresent} times in 50, else absent (the empty string). */
    private static Arbitrary<String> values(Arbitrary<String> pool, int weightPresent) {
        return Arbitraries.frequencyOf(Tuple.of(weightPresent, pool), Tuple.of(Math.max(1, 50 - weightPresent),
                Arbitraries.just("")));
    }
}
