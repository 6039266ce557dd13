package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.schemas.http.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two views instances in one JVM on a real broker, 6 partitions: any instance answers any talk. */
@ExtendWith(KafkaExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewsIT {

    private static final int TALKS = 24;
    private static final ObjectMapper JSON = Json.mapper();

    @TempDir
    static Path stateDir;

    private static KafkaProducer<String, NoteEvent> producer;
    private static TalkViewTopology.Topics topics;
    private static ViewsInstance first;
    private static ViewsInstance second;
    private static final List<TestEvents> talks = new ArrayList<>();

    @BeforeAll
    static void start(TestKafka kafka) {
        TopicCatalog catalog = TopicCatalog.withDefaults();
        topics = new TalkViewTopology.Topics(renamed(catalog.events(), kafka.uniqueTopic("events")),
                renamed(catalog.talkViews(), kafka.uniqueTopic("views")),
                renamed(catalog.rejected(), kafka.uniqueTopic("rejected")));
        kafka.createTopic(topics.events().name(), 6);
        kafka.createTopic(topics.views().name(), 6);
        kafka.createTopic(topics.rejected().name(), 6);
        kafka.createTopic(topics.events().name() + TopicCatalog.DLQ_SUFFIX, 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, topics.events().keySerde().serializer(),
                topics.events().valueSerde().serializer());
        String appId = kafka.uniqueTopic("views-app");
        Map<String, Object> settings = Map.of(ViewsConfig.HISTORY_RETENTION_CONFIG, Duration.ofHours(1).toMillis());
        first = new ViewsInstance(appId, stateDir.resolve("a"), kafka.bootstrapServers(), topics, settings);
        second = new ViewsInstance(appId, stateDir.resolve("b"), kafka.bootstrapServers(), topics, settings);
        for (int i = 0; i < TALKS; i++) {
            TestEvents talk = new TestEvents("talk-" + i);
            talks.add(talk);
            send(talk.created(i == 7 ? "Python in science" : "Talk number " + i, "PyCon 2017",
                    List.of(i % 2 == 0 ? "Even Speaker" : "Odd Speaker"), List.of("tag" + (i % 3))));
            send(talk.added("n1", null, 0, "first note of talk " + i));
            send(talk.added("n2", null, 1, "second note"));
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {first, second, producer}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static <V> Topic<String, V> renamed(Topic<String, V> t, String name) {
        return new Topic<>(name, 6, Map.of(), t.keySerde(), t.valueSerde(), Optional.empty(), Optional.empty(), t.doc());
    }

    private static RecordMetadata send(NoteEvent event) {
        return Sends.sync(producer, topics.events().name(), event);
    }

    private static JsonNode body(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private static void assertAnswersEveryTalk(ViewsInstance instance) {
        for (int i = 0; i < TALKS; i++) {
            HttpResponse<String> r = instance.get("/v1/talks/talk-" + i);
            assertThat(r.statusCode()).as("talk-%d on port %d: %s", i, instance.port, r.body()).isEqualTo(200);
            assertThat(body(r).path("talk").path("revision").asLong()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    @Order(1)
    void shouldServeEveryTalkFromBothInstances() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertAnswersEveryTalk(first);
            assertAnswersEveryTalk(second);
        });
        JsonNode talk = body(second.get("/v1/talks/talk-3")).path("talk");
        assertThat(talk.path("notes")).extracting(n -> n.path("note_id").asText()).containsExactly("n1", "n2");
        assertThat(first.get("/v1/talks/no-such-talk").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void shouldAnswerTheSameFromTheFastPathAsFromTheJavalinRoute() {
        long before = first.api.fastLookups() + second.api.fastLookups();
        for (ViewsInstance instance : List.of(first, second)) {
            for (int i = 0; i < TALKS; i++) {
                // an extra parameter makes the fast path hand the request to the Javalin route
                HttpResponse<String> fast = instance.get("/v1/talks/talk-" + i);
                HttpResponse<String> routed = instance.get("/v1/talks/talk-" + i + "?via=javalin");
                assertThat(fast.statusCode()).isEqualTo(200);
                assertThat(fast.body()).isEqualTo(routed.body());
                for (String header : List.of("content-type", "content-length", "transfer-encoding", "content-encoding",
                        "etag", "cache-control", "retry-after")) {
                    assertThat(fast.headers().allValues(header)).as(header).isEqualTo(routed.headers().allValues(header));
                }
                // a client asking for compression gets what Javalin answers it
                HttpResponse<String> gzip = instance.get("/v1/talks/talk-" + i, "Accept-Encoding", "gzip");
                assertThat(gzip.statusCode()).isEqualTo(200);
            }
        }
        assertThat(first.api.fastLookups() + second.api.fastLookups() - before)
                .as("every instance answers the talks it owns on the fast path, the other half is forwarded")
                .isGreaterThanOrEqualTo(TALKS);
        // a peer forwarding with the wrong secret is a client: its headers are ignored, the answer is the same
        HttpResponse<String> posing = first.get("/v1/talks/talk-1", "X-Notes-Forwarded", "wrong", "X-Notes-Partition",
                "x");
        assertThat(posing.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void shouldListAndFilterTalksAcrossInstances() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode all = body(first.get("/v1/talks?size=100"));
            assertThat(all.path("total").asInt()).isEqualTo(TALKS);
            assertThat(all.path("partial").asBoolean()).isFalse();
        });
        JsonNode even = body(second.get("/v1/talks?speaker=even%20speaker&tag=tag0"));
        assertThat(even.path("items")).allSatisfy(t -> assertThat(t.path("tags").get(0).asText()).isEqualTo("tag0"))
                .hasSize(4);
        assertThat(body(second.get("/v1/talks?size=10&page=2")).path("items")).hasSize(4);
        // paged inside the stores: the pages walked by their cursors are the full listing, for every page size
        List<String> full = ids(body(first.get("/v1/talks?size=100")).path("items"));
        List<String> evenIds = ids(body(first.get("/v1/talks?size=100&speaker=even%20speaker")).path("items"));
        for (int size = 1; size <= TALKS + 1; size++) {
            assertThat(walk(second, "", size)).as("size %d", size).isEqualTo(full);
            assertThat(walk(first, "&speaker=even%20speaker", size)).as("speaker, size %d", size).isEqualTo(evenIds);
        }
    }

    private static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(n -> out.add(n.path("talk_id").asText()));
        return out;
    }

    private static List<String> walk(ViewsInstance instance, String filter, int size) {
        List<String> out = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            JsonNode page = body(instance.get("/v1/talks?size=" + size + filter + "&cursor="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(page.path("partial").asBoolean()).isFalse();
            assertThat(page.path("items").size()).isLessThanOrEqualTo(size);
            out.addAll(ids(page.path("items")));
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
            assertThat(out.size()).isLessThanOrEqualTo(TALKS);
        }
        return out;
    }

    @Test
    @Order(3)
    void shouldFindTalkByMisspelledWords() {
        JsonNode hits = body(first.get("/v1/search?q=" + URLEncoder.encode("Pyhton scince", StandardCharsets.UTF_8)));
        assertThat(hits.path("items").get(0).path("talk_id").asText()).isEqualTo("talk-7");
    }

    @Test
    @Order(4)
    void shouldReadYourWritesOnEitherInstance() {
        TestEvents talk = talks.get(5);
        RecordMetadata written = send(talk.edited("n1", "edited right now"));
        String token = written.partition() + "-" + written.offset();
        for (ViewsInstance instance : List.of(first, second)) {
            HttpResponse<String> r = instance.get("/v1/talks/talk-5?after=" + token);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(body(r).path("talk").path("notes").get(0).path("text").asText()).isEqualTo("edited right now");
        }
        HttpResponse<String> late = first.get("/v1/talks/talk-5?after=" + written.partition() + "-999999");
        assertThat(late.statusCode()).isEqualTo(504);
        assertThat(body(late).path("position").asText()).startsWith(written.partition() + "-");
        assertThat(body(late).path("error_code").asInt()).isEqualTo(ErrorCode.TIMEOUT.code());
        // the wait is asynchronous (ctx.future): a bad token found inside it is still a JSON 400, on either instance
        for (ViewsInstance instance : List.of(first, second)) {
            HttpResponse<String> bad = instance.get("/v1/talks/talk-5?after=not-a-token");
            assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
            assertThat(body(bad).path("error_code").asInt()).isEqualTo(ErrorCode.INVALID_PARAMETER.code());
        }
    }

    @Test
    @Order(5)
    void shouldAnswerAsOfFromTheLocalHistoryAtAnyAge() {
        TestEvents talk = talks.get(9);
        NoteEvent renamed = talk.updated("Renamed", null);
        RecordMetadata m = send(renamed);
        Instant before = renamed.getOccurredAt().minusMillis(1);
        JsonNode v1 = body(second.get("/v1/talks/talk-9?after=" + m.partition() + "-" + m.offset() + "&asOf=" + before));
        assertThat(v1.path("talk").path("title").asText()).isEqualTo("Talk number 9");
        assertThat(v1.path("source").asText()).isEqualTo("history");
        talk.at(renamed.getOccurredAt().plus(Duration.ofHours(3)));
        RecordMetadata later = send(talk.edited("n2", "much later"));
        JsonNode old = body(first.get("/v1/talks/talk-9?after=" + later.partition() + "-" + later.offset()
                + "&asOf=" + before));
        assertThat(old.path("source").asText()).as("older than the 1 h history retention: still local")
                .isEqualTo("history");
        assertThat(old.path("talk").path("title").asText()).isEqualTo("Talk number 9");
        assertThat(body(first.get("/v1/talks/talk-9?asOf=" + before.minus(Duration.ofDays(1)))).path("error_code")
                .asInt()).isEqualTo(ErrorCode.TALK_NOT_FOUND.code());
    }

    @Test
    @Order(6)
    void shouldListHistoryRejectsAndActivity() {
        TestEvents talk = talks.get(11);
        send(talk.edited("missing", "nope"));
        // history is read from the views' local event log: the reject shows once the fold has seen it
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                body(second.get("/v1/talks/talk-11/history?include_rejected=true")).path("items"))
                .extracting(n -> n.path("outcome").asText())
                .containsExactly("applied", "applied", "applied", "rejected"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(body(first.get("/v1/rejected")).path("items")).anySatisfy(r -> {
                    assertThat(r.path("talk_id").asText()).isEqualTo("talk-11");
                    assertThat(r.path("reason").asText()).isEqualTo("UNKNOWN_NOTE");
                }));
        JsonNode activity = body(first.get("/v1/talks/talk-11/activity"));
        assertThat(activity.path("items").get(0).path("events").asLong()).isEqualTo(3);
    }

    /**
     * The dedupe store is per partition: an eventId a client reuses for another talk of the partition is dropped
     * there as a duplicate, and its outcome is APPLIED for the talk it was applied to, UNKNOWN for the other one.
     */
    @Test
    @Order(6)
    void shouldAnswerAnEventsOutcomeOnlyForTheTalkItWasAppliedTo() {
        int a = -1;
        int b = -1;
        for (int i = TALKS - 1; i >= 0 && b < 0; i--) { // from the end: the talks the other tests edit come first
            for (int j = i - 1; j >= 0; j--) {
                if (partitionOf("talk-" + i) == partitionOf("talk-" + j)) {
                    a = i;
                    b = j;
                    break;
                }
            }
        }
        assertThat(b).as("two of %d talks share one of 6 partitions", TALKS).isNotNegative();
        NoteEvent edit = talks.get(a).edited("n1", "edited once");
        RecordMetadata applied = send(edit);
        String atA = applied.partition() + "-" + applied.offset();
        long revisionOfB = body(first.get("/v1/talks/talk-" + b + "?after=" + atA)).path("talk").path("revision").asLong();
        NoteEvent reused = NoteEvent.newBuilder(talks.get(b).edited("n1", "reused eventId"))
                .setEventId(edit.getEventId()).build();
        RecordMetadata dropped = send(reused);
        assertThat(dropped.partition()).isEqualTo(applied.partition());
        String token = dropped.partition() + "-" + dropped.offset();
        JsonNode onA = body(first.get("/v1/talks/talk-" + a + "/outcomes?after=" + token + "&events=" + edit.getEventId()));
        assertThat(onA.path("outcomes").get(0).path("outcome").asText()).as(onA.toString()).isEqualTo("APPLIED");
        JsonNode onB = body(second.get("/v1/talks/talk-" + b + "/outcomes?after=" + token + "&events=" + edit.getEventId()));
        assertThat(onB.path("outcomes").get(0).path("outcome").asText()).as(onB.toString()).isEqualTo("UNKNOWN");
        assertThat(body(first.get("/v1/talks/talk-" + b + "?after=" + token)).path("talk").path("revision").asLong())
                .as("dropped as a duplicate: the other talk did not change").isEqualTo(revisionOfB);
    }

    private static int partitionOf(String talkId) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                talkId.getBytes(StandardCharsets.UTF_8))) % 6;
    }

    @Test
    @Order(7)
    void shouldCopyUnreadableEventToDeadLetterTopic(TestKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topics.events().name(), "talk-1", "not avro".getBytes(StandardCharsets.UTF_8)));
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueTopic("dlq-reader"));
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.events().name() + TopicCatalog.DLQ_SUFFIX));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
                assertThat(values).containsExactly("not avro");
            });
        }
        assertThat(second.get("/v1/talks/talk-1").statusCode()).as("processing goes on").isEqualTo(200);
    }

    @Test
    @Order(8)
    void shouldAnswerFromStandbyMarkedStaleWhenTheOwnerIsUnreachable() {
        first.stopHttp();
        int stale = 0;
        for (int i = 0; i < TALKS; i++) {
            HttpResponse<String> r = second.get("/v1/talks/talk-" + i);
            assertThat(r.statusCode()).as("talk-%d: %s", i, r.body()).isEqualTo(200);
            stale += body(r).path("stale").asBoolean() ? 1 : 0;
        }
        assertThat(stale).as("talks owned by the unreachable instance come from the standby copy").isPositive()
                .isLessThan(TALKS);
        JsonNode list = body(second.get("/v1/talks?size=100"));
        assertThat(list.path("total").asInt()).as("lists fill the unreachable partitions from standbys").isEqualTo(TALKS);
        assertThat(list.path("partial").asBoolean()).isFalse();
        assertThat(list.path("stale").asBoolean()).isTrue();
    }

    @Test
    @Order(9)
    void shouldAnswerEveryTalkFromTheSurvivorAfterOneInstanceCloses() {
        first.close();
        first = null;
        Instant closed = Instant.now();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertAnswersEveryTalk(second);
                    assertThat(body(second.get("/v1/talks?size=100")).path("total").asInt()).isEqualTo(TALKS);
                });
        org.slf4j.LoggerFactory.getLogger(ViewsIT.class).info("Survivor answered every talk {} ms after the close",
                Duration.between(closed, Instant.now()).toMillis());
    }
}
