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
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notespipeline.schemas.Topic;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkView;
import io.notespipeline.schemas.http.Json;
import io.notespipeline.streams.internal.LocalStores;
import io.notespipeline.streams.internal.LogReader;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key lookup's kept answers ({@code AnswerCache}) never outlive the position they were read at: after a change
 * of the talk (or of another talk of its partition) every lookup answers the view in the stores, with or without an
 * {@code after} token, byte for byte what the stores hold.
 */
@ExtendWith(KafkaExtension.class)
class AnswerCacheIT {

    private static final ObjectMapper JSON = Json.mapper();
    private static final int PARTITIONS = 2;

    @TempDir
    Path stateDir;

    @Test
    void shouldAnswerTheCurrentViewAfterEveryChange(TestKafka kafka) throws Exception {
        TopicCatalog catalog = TopicCatalog.withDefaults();
        TalkViewTopology.Topics topics = new TalkViewTopology.Topics(
                renamed(catalog.events(), kafka.uniqueTopic("events")),
                renamed(catalog.talkViews(), kafka.uniqueTopic("views")),
                renamed(catalog.rejected(), kafka.uniqueTopic("rejected")));
        kafka.createTopic(topics.events().name(), PARTITIONS);
        kafka.createTopic(topics.views().name(), PARTITIONS);
        kafka.createTopic(topics.rejected().name(), PARTITIONS);
        kafka.createTopic(topics.events().name() + TopicCatalog.DLQ_SUFFIX, 1);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, NoteEvent> producer = new KafkaProducer<>(p,
                topics.events().keySerde().serializer(), topics.events().valueSerde().serializer());
             ViewsInstance views = new ViewsInstance(kafka.uniqueTopic("cache-app"), stateDir,
                     kafka.bootstrapServers(), topics, Map.of())) {
            TestEvents talk = new TestEvents("cached-talk");
            TestEvents neighbour = new TestEvents("neighbour-" + samePartitionSuffix("cached-talk"));
            send(producer, topics, talk.created("Cached talk"));
            send(producer, topics, neighbour.created("Neighbour"));
            RecordMetadata added = send(producer, topics, talk.added("n1", null, 0, "first"));
            String path = "/v1/talks/cached-talk";
            await().atMost(Duration.ofSeconds(60)).until(() -> views.get(path + "?after=" + token(added))
                    .statusCode() == 200); // the first assignment may take longer than one wait for a position
            JsonNode first = answer(views, path + "?after=" + token(added));
            assertThat(first.path("talk").path("notes").get(0).path("text").asText()).isEqualTo("first");
            // kept: the same bytes while nothing changes, both answered by the fast path. Retried while the group
            // settles: a rebalance just after the first assignment hands a lookup to the Javalin route (the task is
            // briefly not owned or its stores not queryable), which answers the same bytes but is not a fast lookup
            String[] again = new String[1];
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                long fast = views.api.fastLookups();
                again[0] = views.get(path).body();
                assertThat(views.get(path).body()).isEqualTo(again[0]);
                assertThat(views.api.fastLookups() - fast).as("lookups answered by the fast path").isEqualTo(2);
            });
            assertMatchesTheStores(views, topics, again[0]);

            send(producer, topics, talk.edited("n1", "edited")); // no token: the next lookups must see it
            await().atMost(Duration.ofSeconds(30)).until(() -> views.get(path).body().contains("\"edited\""));
            assertMatchesTheStores(views, topics, views.get(path).body());

            RecordMetadata other = send(producer, topics, neighbour.added("m1", null, 0, "elsewhere"));
            JsonNode moved = answer(views, path + "?after=" + token(other)); // same partition, this talk unchanged
            assertThat(moved.path("position").asText()).isEqualTo(token(other));
            assertThat(moved.path("talk").path("notes").get(0).path("text").asText()).isEqualTo("edited");

            RecordMetadata edited = send(producer, topics, talk.edited("n1", "edited twice"));
            for (int i = 0; i < 3; i++) {
                JsonNode now = answer(views, path + "?after=" + token(edited));
                assertThat(now.path("talk").path("notes").get(0).path("text").asText()).isEqualTo("edited twice");
                assertThat(now.path("position").asText()).isEqualTo(token(edited));
            }
            assertMatchesTheStores(views, topics, views.get(path).body());
        }
    }

    /** The answer's talk is the view the stores hold now, and its position the stored one. */
    private static void assertMatchesTheStores(ViewsInstance views, TalkViewTopology.Topics topics, String body)
            throws LocalStores.Unavailable, Exception {
        int partition = LogReader.partitionFor("cached-talk", PARTITIONS);
        LocalStores local = new LocalStores(views.service.streams(), topics.events().name());
        TalkView view = local.view("cached-talk", partition, false);
        JsonNode answer = JSON.readTree(body);
        assertThat(answer.path("talk")).isEqualTo(JSON.readTree(JSON.writeValueAsString(
                io.notespipeline.streams.internal.Json.view(view))));
        assertThat(answer.path("position").asText()).isEqualTo(partition + "-" + local.position(partition, false));
    }

    /** @return a suffix that puts "neighbour-" + it in the partition of {@code talkId} */
    private static String samePartitionSuffix(String talkId) {
        int target = LogReader.partitionFor(talkId, PARTITIONS);
        for (int i = 0; ; i++) {
            if (LogReader.partitionFor("neighbour-" + i, PARTITIONS) == target) {
                return Integer.toString(i);
            }
        }
    }

    private static JsonNode answer(ViewsInstance views, String pathAndQuery) throws Exception {
        HttpResponse<String> r = views.get(pathAndQuery);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String token(RecordMetadata m) {
        return m.partition() + "-" + m.offset();
    }

    private static <V> Topic<String, V> renamed(Topic<String, V> t, String name) {
        return new Topic<>(name, PARTITIONS, Map.of(), t.keySerde(), t.valueSerde(), Optional.empty(),
                Optional.empty(), t.doc());
    }

    private static RecordMetadata send(KafkaProducer<String, NoteEvent> producer, TalkViewTopology.Topics topics,
                                       NoteEvent event) {
        return Sends.sync(producer, topics.events().name(), event);
    }
}
