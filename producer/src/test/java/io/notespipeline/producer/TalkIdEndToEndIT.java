package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.notespipeline.schemas.contract.BuiltInContracts;
import io.notespipeline.testkit.KafkaExtension;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The talk id pattern end to end, through the REST API and the real broker: every id that
 * {@link BuiltInContracts#TALK_ID_PATTERN} accepts is answered 201 and lands in {@code notes.events} keyed by
 * exactly that id; every id it refuses ({@code ..}, quotes, slashes, spaces, ...) is a 4xx that writes nothing,
 * and when the id reaches the handler (in the body, or in a path the HTTP server lets through) the 422 names
 * the field {@code talkId}. Starts its own broker (jqwik cannot use the JUnit {@link KafkaExtension}) unless
 * {@code NOTES_TEST_BOOTSTRAP} names a cluster.
 */
class TalkIdEndToEndIT {

    private static final Pattern PATTERN = Pattern.compile(BuiltInContracts.TALK_ID_PATTERN);
    private static final String EVENT = """
            {"type": "NoteAdded", "author": "ann", "payload": {"noteId": "n1", "parentId": null, "position": 0, \
            "text": "Python as glue"}}""";

    private static StandaloneKafka kafka;
    private static ApiFixture api;
    private static KafkaConsumer<String, byte[]> consumer;
    private static List<TopicPartition> partitions;

    @BeforeContainer
    static void start() throws Exception {
        kafka = StandaloneKafka.withEventsTopic("ids");
        api = new ApiFixture(kafka.bootstrap(), kafka.topics());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
        partitions = kafka.partitions();
    }

    @AfterContainer
    static void stop() {
        if (consumer != null) {
            consumer.close();
        }
        if (api != null) {
            api.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Property(tries = 60)
    void anIdIsAcceptedEndToEndExactlyWhenThePatternAcceptsIt(@ForAll("talkIds") String talkId) {
        Map<TopicPartition, Long> before = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        HttpResponse<String> response = api.post(encodeSegment(talkId), EVENT);

        if (PATTERN.matcher(talkId).matches()) {
            assertThat(response.statusCode()).as("%s -> %s", talkId, response.body()).isEqualTo(201);
            JsonNode receipt = ApiFixture.json(response).get("receipts").get(0);
            assertThat(keyAt(receipt.get("partition").asInt(), receipt.get("offset").asLong()))
                    .as("the record is keyed by the id as given").isEqualTo(talkId);
        } else {
            assertThat(response.statusCode()).as("%s -> %s", talkId, response.body()).isBetween(400, 499);
            if (response.statusCode() == 422) {
                assertThat(fields(response)).as("%s -> %s", talkId, response.body()).containsOnly("talkId");
            }
            HttpResponse<String> inBody = api.post("t", EVENT.replace("{\"type\"",
                    "{\"talkId\": " + ApiFixture.JSON.valueToTree(talkId) + ", \"type\""));
            assertThat(inBody.statusCode()).as("%s in the body -> %s", talkId, inBody.body()).isEqualTo(422);
            assertThat(fields(inBody)).as("%s in the body", talkId).containsOnly("talkId");
            assertThat(consumer.endOffsets(partitions, Duration.ofSeconds(10))).as("nothing written").isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<String> talkIds() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z').range('0', '9');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('.', '_', '-').ofMaxLength(199);
        Arbitrary<String> valid = Combinators.combine(first, rest).as((f, r) -> f + r);
        Arbitrary<String> hostile = Arbitraries.of("..", ".", "../../etc", "a/../b", "a/b", "a\\b", "a\"b", "a'b",
                "a b", "-a", "_a", ".a", "a\n", "é", "a%2F", "a;b", "a?b", "a#b", "x".repeat(201), "x".repeat(5_000),
                "<script>", "a\u0000b");
        return Arbitraries.frequencyOf(Tuple.of(3, valid), Tuple.of(2, hostile));
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters, so the id reaches the server as given. */
    private static String encodeSegment(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static List<String> fields(HttpResponse<String> response) {
        List<String> fields = new ArrayList<>();
        ApiFixture.json(response).path("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).as("violations of %s", response.body()).isNotEmpty();
        return fields;
    }

    private static String keyAt(int partition, long offset) {
        TopicPartition tp = partitions.get(partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() == offset) {
                    return record.key();
                }
            }
        }
        throw new AssertionError("no record at " + tp + "@" + offset);
    }
}
