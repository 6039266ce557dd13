package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.TopicReader;
import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(KafkaExtension.class)
class ProducerApiIT {

    private static final String NOTE = """
            {"type": "NoteAdded", "author": "ann", "payload": {"noteId": "n1", "text": "Python as glue"}}""";

    private TestKafka kafka;
    private ApiFixture api;

    @BeforeEach
    void start(TestKafka kafka) {
        this.kafka = kafka;
        TopicCatalog topics = TopicCatalog.withDefaults().withPrefix(kafka.uniqueTopic("api") + ".");
        kafka.createTopic(topics.events().name(), 3);
        api = new ApiFixture(kafka.bootstrapServers(), topics);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /**
     * Every record written, once no transaction is left unfinished: a 201 answers when the commit returns, and the
     * coordinator writes the commit markers after that, so the last stable offset can still be behind for a moment.
     */
    private List<ConsumerRecord<String, byte[]>> written() {
        return TopicReader.of(kafka.bootstrapServers()).settlingTransactions(Duration.ofSeconds(10)).readAll(api.topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The one code each refusal status of this API answers with. */
    private static final Map<Integer, ErrorCode> CODES = Map.of(400, ErrorCode.MALFORMED_JSON,
            401, ErrorCode.UNAUTHORIZED, 403, ErrorCode.FORBIDDEN, 413, ErrorCode.BODY_TOO_LARGE,
            415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 422, ErrorCode.INVALID_EVENTS, 503, ErrorCode.UNAVAILABLE);

    private void assertError(HttpResponse<String> response, int status, String... fieldsAndRules) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("error_code").asInt()).as("error_code of %d", status).isEqualTo(CODES.get(status).code());
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.has("errors")).as("errors name the events at fault, only on 422: %s", body)
                .isEqualTo(status == 422);
        for (String expected : fieldsAndRules) {
            assertThat(body.get("errors")).as(body.toString()).anySatisfy(e -> assertThat(
                    e.get("index").asInt() + " " + e.get("field").asText() + " " + e.get("rule").asText())
                    .isEqualTo(expected));
        }
        assertThat(written()).as("nothing written on " + status).isEmpty();
    }

    @Test
    void shouldAnswerCreatedWithReceiptsPositionAndEchoedCorrelationId() {
        HttpResponse<String> response = api.post("talk-1", NOTE, "X-Correlation-Id", "req-123");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue("req-123");
        JsonNode body = ApiFixture.json(response);
        JsonNode receipt = body.get("receipts").get(0);
        assertThat(body.get("position").asText()).isEqualTo(receipt.get("partition").asInt() + "-"
                + receipt.get("offset").asLong());
        List<ConsumerRecord<String, byte[]>> records = written();
        assertThat(records).hasSize(1);
        NoteEvent event = TopicCatalog.withDefaults().events().valueSerde().deserializer()
                .deserialize(api.topic, records.get(0).value());
        assertThat(event.getEventId()).hasToString(receipt.get("eventId").asText());
        assertThat(event.getCorrelationId()).isEqualTo("req-123");
        assertThat(event.getTalkId()).isEqualTo("talk-1");
    }

    @Test
    void shouldWriteABatchAtomicallyAndAnswerTheLastPosition() {
        String batch = "{\"events\": [" + IntStream.range(0, 3).mapToObj(i -> NOTE.replace("n1", "n" + i))
                .collect(Collectors.joining(",")) + "]}";
        HttpResponse<String> response = api.post("talk-1", batch);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode receipts = ApiFixture.json(response).get("receipts");
        assertThat(receipts).hasSize(3);
        JsonNode last = receipts.get(2);
        assertThat(ApiFixture.json(response).get("position").asText())
                .isEqualTo(last.get("partition").asInt() + "-" + last.get("offset").asLong());
        assertThat(written()).hasSize(3);
    }

    @Test
    void shouldGenerateACorrelationIdAndPutItInTheLogContext() {
        Logger logger = (Logger) LoggerFactory.getLogger(ProducerApi.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            HttpResponse<String> response = api.post("talk-1", NOTE);
            String generated = response.headers().firstValue("X-Correlation-Id").orElseThrow();
            assertThat(generated).isNotBlank();
            assertThat(appender.list).anySatisfy(e -> assertThat(e.getMDCPropertyMap())
                    .containsEntry(ProducerApi.MDC_KEY, generated));
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void shouldAnswer400ToMalformedJson() {
        assertError(api.post("talk-1", "{\"type\": \"NoteAdded\", "), 400);
    }

    @Test
    void shouldAnswer413ToABodyOverTheDefaultLimitOfOneMebibyte() {
        byte[] body = new byte[1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        assertError(api.post("talk-1", "application/json", body), 413);
        assertError(api.postChunked("talk-1", body), 413);
    }

    @Test
    void shouldAnswer415ToAnotherContentType() {
        assertError(api.post("talk-1", "text/plain", NOTE.getBytes(StandardCharsets.UTF_8)), 415);
        assertError(api.post("talk-1", null, NOTE.getBytes(StandardCharsets.UTF_8)), 415);
    }

    @Test
    void shouldAnswer422NamingIndexFieldAndRule() {
        assertError(api.post("talk-1", NOTE.replace("Python as glue", "  ")), 422, "0 payload.text noteTextRequired");
        assertError(api.post("talk-1", NOTE.replace("NoteAdded", "NoteExploded")), 422, "0 type event-type");
        assertError(api.post("talk-1", """
                {"type": "TalkCreated", "author": "ann",
                 "payload": {"title": "T", "links": [{"label": "Video", "url": "ftp://example.org/v"}]}}"""),
                422, "0 payload.links.url linkUrlHttp");
        assertError(api.post("talk-1", NOTE.replace("\"author\"", "\"talkId\": \"talk-2\", \"author\"")), 422,
                "0 talkId talk-id-matches-path");
        assertError(api.post("talk-1", NOTE.replace("\"author\"", "\"occurredAt\": \"2999-01-01T00:00:00Z\", \"author\"")),
                422, "0 occurredAt occurredAtNotInFuture");
        assertError(api.post("talk-1", "[1, 2]"), 422);
        assertError(api.post("it%27s", NOTE), 422, "0 talkId talkIdPattern");
        assertError(api.post("talk-1", NOTE.replace("\"author\"", "\"talkId\": \"talk-1\\\" OR 1=1\", \"author\"")), 422,
                "0 talkId talk-id-matches-path", "0 talkId talkIdPattern");
    }

    @Test
    void shouldWriteNothingForABatchOfHundredWithOneBadEvent() {
        String batch = "{\"events\": [" + IntStream.range(0, 100)
                .mapToObj(i -> i == 42 ? NOTE.replace("Python as glue", "") : NOTE.replace("n1", "n" + i))
                .collect(Collectors.joining(",")) + "]}";
        assertError(api.post("talk-1", batch), 422, "42 payload.text noteTextRequired");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaIsUnreachable() {
        try (ApiFixture down = new ApiFixture("127.0.0.1:1", api.topics,
                Map.of(PublisherConfig.MAX_BLOCK_CONFIG, 500L, PublisherConfig.RETRY_AFTER_CONFIG, 7), ApiFixture.NO_GUARD)) {
            HttpResponse<String> response = down.post("talk-1", NOTE);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
            assertError(response, 503);
            assertError(down.post("talk-1", "{\"events\": [" + NOTE + "]}"), 503);
        }
    }

    @Test
    void shouldLetAnAuthBeforeHandlerAnswer401And403InTheSameShape() {
        try (ApiFixture guarded = new ApiFixture(kafka.bootstrapServers(), api.topics, Map.of(), app ->
                app.before("/v1/talks/*", ctx -> {
                    String token = ctx.header("Authorization");
                    if (token == null) {
                        respond(ctx, ErrorBody.of(ErrorCode.UNAUTHORIZED, "missing token"));
                        ctx.skipRemainingHandlers();
                    } else if (!token.equals("Bearer writer")) {
                        respond(ctx, ErrorBody.of(ErrorCode.FORBIDDEN, "token without the writer role"));
                        ctx.skipRemainingHandlers();
                    }
                }))) {
            assertError(guarded.post("talk-1", NOTE), 401);
            assertError(guarded.post("talk-1", NOTE, "Authorization", "Bearer reader"), 403);
            assertThat(guarded.post("talk-1", NOTE, "Authorization", "Bearer writer").statusCode()).isEqualTo(201);
        }
    }

    private static void respond(io.javalin.http.Context ctx, ErrorBody error) {
        ctx.status(error.httpStatus()).contentType("application/json").result(error.toJson());
    }

    @Test
    void shouldServeTheOpenApiDocument() {
        HttpResponse<String> response = api.get("/v1/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = ApiFixture.json(response);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/paths/~1v1~1talks~1{talkId}~1events/post/responses").fieldNames())
                .toIterable().contains("201", "400", "401", "403", "413", "415", "422", "503");
    }
}
