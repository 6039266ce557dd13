package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.http.Json;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views under {@code streams.processing.guarantee=at_least_once} fold only what the log holds: a batch whose
 * transaction was aborted (a REST batch of a killed {@code notes up}, say) is never applied, as under exactly-once.
 * Kafka Streams reads {@code read_uncommitted} under at-least-once unless told otherwise.
 */
@ExtendWith(KafkaExtension.class)
class AtLeastOnceViewsIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldNeverApplyAnAbortedBatchUnderAtLeastOnce(TestKafka kafka) throws Exception {
        TopicCatalog catalog = TopicCatalog.withDefaults();
        TalkViewTopology.Topics topics = new TalkViewTopology.Topics(renamed(catalog.events(), kafka.uniqueTopic("events")),
                renamed(catalog.talkViews(), kafka.uniqueTopic("views")),
                renamed(catalog.rejected(), kafka.uniqueTopic("rejected")));
        kafka.createTopic(topics.events().name(), 1);
        kafka.createTopic(topics.views().name(), 1);
        kafka.createTopic(topics.rejected().name(), 1);
        kafka.createTopic(topics.events().name() + TopicCatalog.DLQ_SUFFIX, 1);
        TestEvents talk = new TestEvents("talk-aloe"); // one sequence: four distinct event ids
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.uniqueTopic("aloe-tx"));
        try (KafkaProducer<String, NoteEvent> producer = new KafkaProducer<>(p, topics.events().keySerde().serializer(),
                topics.events().valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topics, talk.created("Aborted title"));
            send(producer, topics, talk.added("n-aborted", null, 0, "never written"));
            producer.flush(); // in the log, not committed
            producer.abortTransaction();
            producer.beginTransaction();
            send(producer, topics, talk.created("Kept title"));
            send(producer, topics, talk.added("n-kept", null, 0, "written"));
            producer.commitTransaction();
        }

        try (ViewsInstance views = new ViewsInstance(kafka.uniqueTopic("aloe-app"), stateDir, kafka.bootstrapServers(),
                topics, Map.of(ViewsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE))) {
            JsonNode[] view = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> r = views.get("/v1/talks/talk-aloe");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                view[0] = Json.mapper().readTree(r.body()).path("talk");
                assertThat(view[0].path("notes")).extracting(n -> n.path("note_id").asText()).contains("n-kept");
            });
            assertThat(view[0].path("title").asText()).as("the committed TalkCreated, not the aborted one")
                    .isEqualTo("Kept title");
            assertThat(view[0].path("notes")).extracting(n -> n.path("note_id").asText()).containsExactly("n-kept");
            assertThat(view[0].path("revision").asLong()).as("two applied events").isEqualTo(2);
        }
    }

    private static void send(KafkaProducer<String, NoteEvent> producer, TalkViewTopology.Topics topics, NoteEvent e) {
        producer.send(new ProducerRecord<>(topics.events().name(), e.getTalkId(), e));
    }

    private static <V> Topic<String, V> renamed(Topic<String, V> t, String name) {
        return new Topic<>(name, 1, Map.of(), t.keySerde(), t.valueSerde(), Optional.empty(), Optional.empty(), t.doc());
    }
}
