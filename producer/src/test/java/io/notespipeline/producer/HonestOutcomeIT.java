package io.notespipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.notespipeline.embedded.EmbeddedKafka;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.TopicReader;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Nothing was written" only when that is certain, against real brokers: a batch that had not started when
 * its caller gave up is taken out of the queue and never written; a batch whose commit gets no answer (the
 * broker went away between the acknowledged sends and the commit) is reported as unknown, and a commit that
 * times out is retried until it succeeds rather than followed by an abort.
 */
@ExtendWith(KafkaExtension.class)
class HonestOutcomeIT {

    private static final TopicCatalog CATALOG = TopicCatalog.withDefaults();

    private static TopicCatalog topics(String bootstrap, String prefix) {
        TopicCatalog topics = CATALOG.withPrefix(prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(Set.of(new NewTopic(topics.events().name(), 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return topics;
    }

    private static List<NoteCommand> batch(String talkId, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> NoteCommand.addNote(talkId, "n" + i, null, i, "x")
                .withEventId(UUID.randomUUID())).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        return TopicReader.of(bootstrap).readAll(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Test
    void aBatchCancelledBeforeItStartedIsNeverWritten(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka.bootstrapServers(), "cancel");
        CountDownLatch firstAcked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (NotePublisher publisher = new NotePublisher(PublisherConfig.defaults(), kafka.bootstrapServers(), topics).start()) {
            // the first batch holds the transactional thread until released
            CompletableFuture<List<PublishReceipt>> first = publisher.publishBatch(batch("talk-a", 3),
                    PublishOptions.none().withProgress((acked, total) -> {
                        if (acked == total) {
                            firstAcked.countDown();
                            await(release);
                        }
                    }));
            assertThat(firstAcked.await(60, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<PublishReceipt>> second = publisher.publishBatch(batch("talk-b", 3));

            assertThat(second.cancel(false)).as("a queued batch can be cancelled").isTrue();
            release.countDown();

            assertThat(first.get(60, TimeUnit.SECONDS)).hasSize(3);
            assertThat(first.cancel(false)).as("a started batch cannot be cancelled").isFalse();
            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PublisherUnavailableException.class)
                    .hasMessageContaining("nothing was written");
            // a third batch after it shows the queue moved on without the cancelled one
            assertThat(publisher.publishBatch(batch("talk-c", 2)).get(60, TimeUnit.SECONDS)).hasSize(2);
            // the commit markers reach the partition just after commitTransaction returns
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(readAll(kafka.bootstrapServers(), topics.events().name())).extracting(ConsumerRecord::key)
                            .containsOnly("talk-a", "talk-c").hasSize(5));
        }
    }

    @Test
    void aCommitWithoutAnswerIsReportedAsUnknownNeverAsNothingWritten() throws Exception {
        Path dir = Files.createTempDirectory("honest-unknown");
        EmbeddedKafka broker = EmbeddedKafka.builder().dataDir(dir).start();
        String bootstrap = broker.bootstrapServers();
        TopicCatalog topics = topics(bootstrap, "unknown");
        PublisherConfig config = new PublisherConfig(Map.of(PublisherConfig.MAX_BLOCK_CONFIG, 1_000L,
                PublisherConfig.TRANSACTION_TIMEOUT_CONFIG, 4_000));
        CountDownLatch acked = new CountDownLatch(1);
        CountDownLatch down = new CountDownLatch(1);
        try (NotePublisher publisher = new NotePublisher(config, bootstrap, topics).start()) {
            CompletableFuture<List<PublishReceipt>> future = publisher.publishBatch(batch("talk-u", 3),
                    PublishOptions.none().withProgress((n, total) -> {
                        if (n == total) {
                            acked.countDown();
                            await(down); // holds the commit until the broker is gone
                        }
                    }));
            assertThat(acked.await(60, TimeUnit.SECONDS)).isTrue();
            broker.close(); // every record is in the log; the commit will get no answer
            down.countDown();
            assertThatThrownBy(() -> future.get(120, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(OutcomeUnknownException.class)
                    .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain("nothing was written")
                            .contains("same eventIds"));
        } finally {
            broker.close();
        }
    }

    @Test
    void aCommitThatTimesOutIsRetriedAndCommitsOnceTheBrokerIsBack() throws Exception {
        Path dir = Files.createTempDirectory("honest-retry");
        EmbeddedKafka first = EmbeddedKafka.builder().dataDir(dir).start();
        int port = first.port();
        String bootstrap = first.bootstrapServers();
        TopicCatalog topics = topics(bootstrap, "retry");
        PublisherConfig config = new PublisherConfig(Map.of(PublisherConfig.MAX_BLOCK_CONFIG, 1_000L,
                PublisherConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000));
        EmbeddedKafka[] again = new EmbeddedKafka[1];
        CountDownLatch acked = new CountDownLatch(1);
        CountDownLatch down = new CountDownLatch(1);
        try (NotePublisher publisher = new NotePublisher(config, bootstrap, topics).start()) {
            CompletableFuture<List<PublishReceipt>> future = publisher.publishBatch(batch("talk-r", 3),
                    PublishOptions.none().withProgress((n, total) -> {
                        if (n == total) {
                            acked.countDown();
                            await(down); // holds the commit until the broker is gone
                        }
                    }));
            assertThat(acked.await(60, TimeUnit.SECONDS)).isTrue();
            first.close();
            down.countDown();
            again[0] = EmbeddedKafka.builder().dataDir(dir).port(port).start();
            assertThat(future.get(120, TimeUnit.SECONDS)).as("the retried commit succeeds").hasSize(3);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(readAll(bootstrap, topics.events().name())).hasSize(3));
        } finally {
            first.close();
            if (again[0] != null) {
                again[0].close();
            }
        }
    }

    @Test
    void aRestRequestWhoseBatchWaitedTooLongGets503AndIsNeverWritten(TestKafka kafka) throws Exception {
        TopicCatalog topics = topics(kafka.bootstrapServers(), "rest503");
        CountDownLatch firstAcked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ApiFixture api = new ApiFixture(kafka.bootstrapServers(), topics,
                Map.of(PublisherConfig.PUBLISH_TIMEOUT_CONFIG, 1_000L), ApiFixture.NO_GUARD)) {
            CompletableFuture<List<PublishReceipt>> first = api.publisher.publishBatch(batch("talk-a", 2),
                    PublishOptions.none().withProgress((acked, total) -> {
                        if (acked == total) {
                            firstAcked.countDown();
                            await(release);
                        }
                    }));
            assertThat(firstAcked.await(60, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> response = api.post("talk-b", """
                    {"events": [{"type": "NoteDeleted", "author": "ann", "payload": {"noteId": "n1"}}]}""");
            release.countDown();
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(ApiFixture.json(response).get("message").asText()).contains("nothing was written");
            first.get(60, TimeUnit.SECONDS);
            assertThat(api.publisher.publishBatch(batch("talk-c", 1)).get(60, TimeUnit.SECONDS)).hasSize(1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(readAll(kafka.bootstrapServers(), topics.events().name())).extracting(ConsumerRecord::key)
                            .containsOnly("talk-a", "talk-c").hasSize(3));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
