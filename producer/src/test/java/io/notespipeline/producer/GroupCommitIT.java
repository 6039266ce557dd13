package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.TopicReader;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Group commit against the real broker: batches queued while a transaction runs share the next one (one
 * commit marker for all of them), each still all or nothing, written by the other transactional producer (they
 * take turns: one sends while the other commits); a batch Kafka refuses fails alone; a full queue
 * answers 429 with Retry-After before anything is queued, and nothing of that request is written.
 */
@ExtendWith(KafkaExtension.class)
class GroupCommitIT {

    private static final TopicCatalog CATALOG = TopicCatalog.withDefaults();

    private static TopicCatalog topics(TestKafka kafka, String prefix, Map<String, String> configs) {
        TopicCatalog topics = CATALOG.withPrefix(prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = kafka.admin()) {
            admin.createTopics(Set.of(new NewTopic(topics.events().name(), 1, (short) 1).configs(configs)))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return topics;
    }

    private static List<NoteCommand> batch(String talkId, int n, String text) {
        return IntStream.range(0, n).mapToObj(i -> NoteCommand.addNote(talkId, "n" + i, null, i, text)
                .withEventId(UUID.randomUUID())).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(TestKafka kafka, String topic) {
        return TopicReader.of(kafka.bootstrapServers()).readAll(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A batch whose progress holds the transactional thread until {@code release}. */
    /**
     * Holds a first batch inside its transaction, queues batches b (3 events) and c (2 events) behind it, releases
     * the first and waits for all three.
     *
     * @return the receipts of b and c
     */
    private static List<List<PublishReceipt>> twoBatchesQueuedBehindAHeldOne(NotePublisher publisher) throws Exception {
        CountDownLatch acked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<PublishReceipt>> first = holding(publisher, acked, release);
        assertThat(acked.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<PublishReceipt>> b = publisher.publishBatch(batch("talk-b", 3, "b"));
        CompletableFuture<List<PublishReceipt>> c = publisher.publishBatch(batch("talk-c", 2, "c"));
        release.countDown();
        first.get(60, TimeUnit.SECONDS);
        return List.of(b.get(60, TimeUnit.SECONDS), c.get(60, TimeUnit.SECONDS));
    }

    private static CompletableFuture<List<PublishReceipt>> holding(NotePublisher publisher, CountDownLatch acked,
            CountDownLatch release) {
        return publisher.publishBatch(batch("talk-hold", 2, "x"), PublishOptions.none().withProgress((n, total) -> {
            if (n == total) {
                acked.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
    }

    @Test
    void batchesQueuedTogetherShareOneTransactionAndEachCommits(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka, "group", Map.of());
        try (NotePublisher publisher = new NotePublisher(PublisherConfig.defaults(), kafka.bootstrapServers(), topics).start()) {
            List<List<PublishReceipt>> queued = twoBatchesQueuedBehindAHeldOne(publisher);
            List<PublishReceipt> bs = queued.get(0);
            List<PublishReceipt> cs = queued.get(1);
            assertThat(bs).hasSize(3);
            assertThat(cs).hasSize(2);
            // one transaction: c's records follow b's with no commit marker between them (a marker takes an offset)
            assertThat(cs.get(0).offset()).as("one shared transaction").isEqualTo(bs.get(2).offset() + 1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(readAll(kafka, topics.events().name())).hasSize(7));
        }
    }

    @Test
    void theBatchesQueuedDuringOneTransactionGoToTheOtherProducerWhoseTurnComesNext(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka, "turns", Map.of());
        String txId = "turns-" + UUID.randomUUID();
        PublisherConfig config = new PublisherConfig(Map.of(PublisherConfig.TRANSACTIONAL_ID_CONFIG, txId));
        try (NotePublisher publisher = new NotePublisher(config, kafka.bootstrapServers(), topics).start()) {
            // the first batch holds its producer's turn: the next ones wait for the other producer
            List<List<PublishReceipt>> queued = twoBatchesQueuedBehindAHeldOne(publisher);
            List<PublishReceipt> bs = queued.get(0);
            List<PublishReceipt> cs = queued.get(1);
            assertThat(cs.get(0).offset()).as("b and c share one transaction").isEqualTo(bs.get(2).offset() + 1);
            try (Admin admin = kafka.admin()) {
                assertThat(admin.listTransactions().all().get(60, TimeUnit.SECONDS)).extracting(t -> t.transactionalId())
                        .filteredOn(id -> id.startsWith(txId))
                        .as("the held batch and the next two went through two transactional producers taking turns")
                        .containsExactlyInAnyOrder(txId, txId + "-1");
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(readAll(kafka, topics.events().name())).hasSize(7));
        }
    }

    @Test
    void aBatchKafkaRefusesFailsAloneAndTheOthersOfItsGroupCommit(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka, "refuse", Map.of("max.message.bytes", "3000"));
        CountDownLatch acked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Random random = new Random(7);
        String big = random.ints(9_000, 'a', 'z' + 1).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        try (NotePublisher publisher = new NotePublisher(PublisherConfig.defaults(), kafka.bootstrapServers(), topics).start()) {
            CompletableFuture<List<PublishReceipt>> first = holding(publisher, acked, release);
            assertThat(acked.await(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<PublishReceipt>> good = publisher.publishBatch(batch("talk-good", 2, "fine"));
            CompletableFuture<List<PublishReceipt>> bad = publisher.publishBatch(batch("talk-bad", 2, big));
            CompletableFuture<List<PublishReceipt>> after = publisher.publishBatch(batch("talk-after", 1, "fine"));
            release.countDown();
            first.get(60, TimeUnit.SECONDS);
            assertThat(good.get(60, TimeUnit.SECONDS)).hasSize(2);
            assertThat(after.get(60, TimeUnit.SECONDS)).hasSize(1);
            assertThatThrownBy(() -> bad.get(60, TimeUnit.SECONDS)).hasMessageContaining("nothing was written");
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(readAll(kafka, topics.events().name())).extracting(ConsumerRecord::key)
                            .containsOnly("talk-hold", "talk-good", "talk-after").hasSize(5));
        }
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndWritesNothingOfTheRequest(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka, "full", Map.of());
        CountDownLatch acked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ApiFixture api = new ApiFixture(kafka.bootstrapServers(), topics,
                Map.of(PublisherConfig.QUEUE_MAX_BATCHES_CONFIG, 1), ApiFixture.NO_GUARD)) {
            CompletableFuture<List<PublishReceipt>> first = holding(api.publisher, acked, release);
            assertThat(acked.await(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<PublishReceipt>> queued = api.publisher.publishBatch(batch("talk-q", 1, "q"));
            HttpResponse<String> response = api.post("talk-full", """
                    {"events": [{"type": "NoteDeleted", "author": "ann", "payload": {"noteId": "n1"}}]}""");
            release.countDown();
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(ApiFixture.json(response).get("error_code").asInt()).isEqualTo(42950);
            first.get(60, TimeUnit.SECONDS);
            queued.get(60, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(readAll(kafka, topics.events().name())).extracting(ConsumerRecord::key)
                            .containsOnly("talk-hold", "talk-q").hasSize(3));
        }
    }
}
