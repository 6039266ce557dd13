package io.notespipeline.consumer;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.notespipeline.schemas.AvroBinarySerde;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.NoteNode;
import io.notespipeline.schemas.avro.TalkCreated;
import io.notespipeline.schemas.avro.TalkView;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds and publishes test events (plain Avro binary, as {@code TopicCatalog.withDefaults()} reads them). */
final class TestEvents {

    static final AvroBinarySerde<NoteEvent> EVENTS = new AvroBinarySerde<>(NoteEvent.class);
    static final AvroBinarySerde<TalkView> VIEWS = new AvroBinarySerde<>(TalkView.class);

    private TestEvents() {
    }

    /** @return a NoteAdded event */
    static NoteEvent noteAdded(UUID eventId, String talkId, Instant at, String text) {
        return NoteEvent.newBuilder().setEventId(eventId).setTalkId(talkId).setOccurredAt(at)
                .setAuthor("alice").setCorrelationId("c-" + eventId).setExpectedRevision(null)
                .setPayload(NoteAdded.newBuilder().setNoteId("n-" + eventId).setParentId(null).setPosition(0)
                        .setText(text).build())
                .build();
    }

    /** @return a TalkCreated event */
    static NoteEvent talkCreated(UUID eventId, String talkId, Instant at) {
        return NoteEvent.newBuilder().setEventId(eventId).setTalkId(talkId).setOccurredAt(at)
                .setAuthor("bob").setCorrelationId("c-" + eventId).setExpectedRevision(null)
                .setPayload(TalkCreated.newBuilder().setTitle("Talk " + talkId).setConference(null)
                        .setSpeakers(List.of("Ada", "Grace")).setLinks(List.of()).setTags(List.of("kafka")).build())
                .build();
    }

    /** @return a talk view at {@code revision} with {@code notes} top-level notes, the first having a child */
    static TalkView view(String talkId, long revision, int notes) {
        List<NoteNode> nodes = new ArrayList<>();
        for (int i = 0; i < notes; i++) {
            List<NoteNode> children = i == 0 ? List.of(new NoteNode("child-" + revision, "child text", List.of()))
                    : List.of();
            nodes.add(new NoteNode("note-" + i, "text " + i + " at r" + revision, children));
        }
        Instant created = Instant.parse("2026-03-01T10:00:00Z");
        return TalkView.newBuilder().setTalkId(talkId).setTitle("Title r" + revision).setConference("Conf")
                .setSpeakers(List.of("Ada")).setLinks(List.of()).setTags(List.of("t")).setNotes(nodes)
                .setRevision(revision).setCreatedAt(created).setUpdatedAt(created.plusSeconds(revision))
                .setContributors(List.of()).setLastEventId(uuid(new Random(revision))).setDeleted(false).build();
    }

    /** @return a UUID drawn from {@code random} (reproducible from a seed) */
    static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    /**
     * @return {@code count} events over {@code talks} talks, {@code stepMs} apart from {@code start},
     *         ids drawn from {@code seed}
     */
    static List<NoteEvent> generate(long seed, int count, int talks, Instant start, long stepMs) {
        Random random = new Random(seed);
        List<NoteEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String talk = "talk-" + (i % talks);
            Instant at = start.plusMillis(i * stepMs);
            events.add(i < talks ? talkCreated(uuid(random), talk, at) : noteAdded(uuid(random), talk, at, "note " + i));
        }
        return events;
    }

    /** Publishes events keyed by talkId and waits for all acknowledgements. */
    static void publish(String bootstrap, String topic, List<NoteEvent> events) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (NoteEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.getTalkId(), EVENTS.encode(e)));
            }
            producer.flush();
        }
    }

    /** Publishes raw values keyed by {@code key}, one after the other, waiting for each. */
    static void publishRaw(String bootstrap, String topic, String key, List<byte[]> values) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, 0, key, v)).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** @return bytes that look like the registry wire format (magic 0, schema id 999) of another record */
    static byte[] unknownSchemaLike(TalkView other) {
        byte[] body = VIEWS.encode(other);
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(999).put(body).array();
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }
}
