package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.notespipeline.testkit.KafkaExtension;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Throws malformed and hostile JSON bodies at the producer API: the answer is always a 4xx in the error
 * shape, never a 5xx, and the topic's end offsets never move (not even an aborted transaction's marker).
 * jqwik cannot use the JUnit {@link KafkaExtension}, so this class starts its own embedded broker unless
 * {@code NOTES_TEST_BOOTSTRAP} names a cluster.
 */
class ProducerApiFuzzIT {

    private static final String VALID = """
            {"type": "NoteAdded", "author": "ann", "payload": {"noteId": "n1", "parentId": null, "position": 0, \
            "text": "Python as glue"}}""";
    private static final Set<Integer> REFUSALS = Set.of(400, 413, 415, 422);

    private static StandaloneKafka kafka;
    private static ApiFixture api;
    private static KafkaConsumer<byte[], byte[]> offsets;
    private static List<TopicPartition> partitions;

    @BeforeContainer
    static void start() throws Exception {
        kafka = StandaloneKafka.withEventsTopic("fuzz");
        api = new ApiFixture(kafka.bootstrap(), kafka.topics(), Map.of(PublisherConfig.MAX_BODY_CONFIG, 64 * 1024),
                ApiFixture.NO_GUARD);
        offsets = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = kafka.partitions();
    }

    @AfterContainer
    static void stop() {
        if (offsets != null) {
            offsets.close();
        }
        if (api != null) {
            api.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Property(tries = 300)
    void shouldNeverAnswer5xxNorWriteAnythingForHostileBodies(@ForAll("hostileBodies") String body,
            @ForAll("contentTypes") String contentType) {
        HttpResponse<String> response = api.post("talk-1", contentType, body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(body + " -> " + response.body()).isIn(REFUSALS);
        assertThat(ApiFixture.json(response).get("error_code").asInt() / 100).isEqualTo(response.statusCode());
        assertThat(offsets.endOffsets(partitions, Duration.ofSeconds(10)).values()).as("end offsets")
                .containsOnly(0L);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just("application/json")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("application/json; charset=utf-8", "text/plain",
                        "application/x-www-form-urlencoded", "application/jsonx", "")));
    }

    @Provide
    Arbitrary<String> hostileBodies() {
        return Arbitraries.oneOf(randomText(), truncatedValid(), mutatedValid(), randomJson(3), deepNesting(),
                invalidBatches());
    }

    private static Arbitrary<String> randomText() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    private static Arbitrary<String> truncatedValid() {
        return Arbitraries.integers().between(0, VALID.length() - 1).map(n -> VALID.substring(0, n));
    }

    /** A valid event with one change that always makes it invalid. */
    private static Arbitrary<String> mutatedValid() {
        Arbitrary<String> badValue = Arbitraries.of("null", "\"\"", "\"   \"", "42", "1e999999", "-1", "true", "[]",
                "{}", "[\"x\"]", "\"\\u0000\"", "99999999999999999999999999");
        Arbitrary<String> required = Arbitraries.of("\"type\": \"NoteAdded\"", "\"author\": \"ann\"",
                "\"noteId\": \"n1\"", "\"text\": \"Python as glue\"");
        Arbitrary<String> replaceRequired = Combinators.combine(required, badValue)
                .as((field, value) -> VALID.replace(field, field.substring(0, field.indexOf(':') + 1) + " " + value));
        Arbitrary<String> envelope = Arbitraries.of(
                "\"eventId\": \"not-a-uuid\"", "\"occurredAt\": \"yesterday\"", "\"occurredAt\": \"2999-01-01T00:00:00Z\"",
                "\"occurredAt\": -99999999999999", "\"talkId\": \"another-talk\"", "\"talkId\": 7",
                "\"expectedRevision\": -3", "\"expectedRevision\": \"x\"", "\"surprise\": 1", "\"author\": \"dup\"",
                "\"type\": \"NoteAdded\"", "\"payload\": {}", "\"__proto__\": {\"admin\": true}");
        Arbitrary<String> addEnvelope = envelope.map(f -> VALID.replaceFirst("\\{", "{" + f + ", "));
        Arbitrary<String> payload = Arbitraries.of("\"position\": -1", "\"position\": 1.5", "\"position\": \"0\"",
                "\"parentId\": \"n1\"", "\"parentId\": 5", "\"extra\": \"x\"", "\"text\": \"dup\"",
                "\"text\": \"" + "x".repeat(10_001) + "\"");
        Arbitrary<String> addPayload = payload.map(f -> VALID.replace("\"noteId\"", f + ", \"noteId\""));
        Arbitrary<String> unknownType = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)
                .filter(t -> !NoteCommand.PAYLOAD_TYPES.stream().map(Class::getSimpleName).toList().contains(t))
                .map(t -> VALID.replace("NoteAdded", t));
        return Arbitraries.oneOf(replaceRequired, addEnvelope, addPayload, unknownType);
    }

    /** Random JSON values; keys and strings never spell a valid event type, so no event is valid. */
    private static Arbitrary<String> randomJson(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.of("null", "true", "false", "0", "-0.5", "1e308"),
                Arbitraries.strings().alpha().numeric().ofMaxLength(12).map(s -> "\"" + s + "\""));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("type", "author", "payload", "events", "noteId",
                "text", "talkId"), Arbitraries.strings().alpha().ofMaxLength(8));
        Arbitrary<String> member = Combinators.combine(key, randomJson(depth - 1)).as((k, v) -> "\"" + k + "\": " + v);
        Arbitrary<String> object = member.list().ofMaxSize(4).map(m -> "{" + String.join(", ", m) + "}");
        Arbitrary<String> array = randomJson(depth - 1).list().ofMaxSize(4).map(m -> "[" + String.join(", ", m) + "]");
        return Arbitraries.oneOf(scalar, object, array);
    }

    private static Arbitrary<String> deepNesting() {
        return Arbitraries.integers().between(65, 5000).map(n -> "[".repeat(n) + "]".repeat(n));
    }

    private static Arbitrary<String> invalidBatches() {
        Arbitrary<String> bad = mutatedValid();
        Arbitrary<String> mixed = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 5), bad)
                .as((before, after, one) -> "{\"events\": [" + String.join(", ", java.util.Collections.nCopies(before, VALID))
                        + (before > 0 ? ", " : "") + one + (after > 0 ? ", " : "")
                        + String.join(", ", java.util.Collections.nCopies(after, VALID)) + "]}");
        Arbitrary<String> shapes = Arbitraries.of("{\"events\": []}", "{\"events\": {}}", "{\"events\": null}",
                "{\"events\": [" + VALID + "], \"more\": 1}", "{\"events\": [1, 2, 3]}",
                "{\"events\": [" + VALID + "]} trailing", "{\"events\": [" + VALID + "]}{}");
        return Arbitraries.oneOf(mixed, shapes);
    }
}
