package io.notespipeline.bench.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.notespipeline.bench.BenchException;
import io.notespipeline.bench.BenchRow;
import io.notespipeline.schemas.avro.NoteAdded;
import io.notespipeline.schemas.avro.NoteEdited;
import io.notespipeline.schemas.avro.NoteEvent;
import io.notespipeline.schemas.avro.TalkCreated;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row 4f: does an event cost more on a big talk? Two topics, each one talk: created, then {@code notes} notes
 * added (a two-level tree: about sqrt(notes) sections, the rest spread under them, so no list of children is
 * long), then the same number of edits of random notes of the talk. The views service folds each topic from
 * offset 0 ({@link ViewsBench#phase}) and only the edits are timed. Figure: edits/s on a talk of 10,000 notes;
 * baseline: edits/s on a talk of 100 notes, same run, same settings. Target ≥ 0.8×: the cost of an event does not
 * grow with its talk.
 */
public final class TalkSizeBench {

    private static final Logger log = LoggerFactory.getLogger(TalkSizeBench.class);
    /** Notes of the big talk and of the small one. */
    public static final int BIG = 10_000;
    public static final int SMALL = 100;

    private final BenchCluster cluster;
    private final ViewsBench views;
    private final long seed;

    public TalkSizeBench(BenchCluster cluster, ViewsBench views, long seed) {
        this.cluster = cluster;
        this.views = views;
        this.seed = seed;
    }

    /** @param edits edits measured per talk */
    public BenchRow row(int edits, long budgetMs) {
        String small = publish("talk-" + SMALL, SMALL, edits);
        String big = publish("talk-" + BIG, BIG, edits);
        // a warm-up fold of the small talk, so that neither measured run pays for the JIT alone
        views.phase(small, 1 + SMALL, budgetMs, "size-warmup");
        ViewsBench.FoldRun smallRun = views.phase(small, 1 + SMALL, budgetMs, "size-" + SMALL);
        ViewsBench.FoldRun bigRun = views.phase(big, 1 + BIG, budgetMs, "size-" + BIG);
        return Rows.atLeastRatio("4f", "views fold events/s (edits) on a talk of 10,000 notes", bigRun.rate(),
                "events/s", "the same edits on a talk of 100 notes, same run", smallRun.rate(), 0.8,
                String.format(Locale.ROOT, "%,d edits of random notes per talk after its TalkCreated and notes added "
                        + "(setup not timed), one talk = one partition, at-least-once, views service defaults%s%s",
                        edits, smallRun.complete() ? "" : "; small-talk run stopped at the time budget",
                        bigRun.complete() ? "" : "; big-talk run stopped at the time budget"));
    }

    private String publish(String name, int notes, int edits) {
        String topic = cluster.createTopic(name);
        String talkId = "size-" + notes;
        Random random = new Random(seed ^ notes);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        List<NoteEvent> events = new ArrayList<>(1 + notes + edits);
        events.add(event(talkId, at, new TalkCreated("A talk of " + notes + " notes", "bench", List.of("speaker"),
                List.of(), List.of("bench"))));
        int sections = Math.max(1, (int) Math.ceil(Math.sqrt(notes)));
        List<String> ids = new ArrayList<>(notes);
        for (int i = 0; i < notes; i++) {
            String id = "n" + i;
            String parent = i < sections ? null : "n" + (i % sections);
            events.add(event(talkId, at.plusMillis(events.size()), new NoteAdded(id, parent, Integer.MAX_VALUE,
                    text(random))));
            ids.add(id);
        }
        for (int i = 0; i < edits; i++) {
            events.add(event(talkId, at.plusMillis(events.size()), new NoteEdited(ids.get(random.nextInt(ids.size())),
                    text(random))));
        }
        send(topic, events);
        log.info("Talk-size topic={} notes={} edits={} events={}", topic, notes, edits, events.size());
        return topic;
    }

    private static NoteEvent event(String talkId, Instant at, Object payload) {
        return new NoteEvent(UUID.randomUUID(), talkId, at, "author", "bench-size", null, payload);
    }

    /** About the mean length of the real notes (44 characters). */
    private static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 44) {
            sb.append("word").append(random.nextInt(1000)).append(' ');
        }
        return sb.toString().strip();
    }

    private void send(String topic, List<NoteEvent> events) {
        Serializer<NoteEvent> values = cluster.catalog().events().valueSerde().serializer();
        Map<String, Object> props = PublisherBench.sameSettings(PublisherBench.publisherConfig(), cluster.bootstrap());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            CountDownLatch acked = new CountDownLatch(events.size());
            AtomicReference<Exception> error = new AtomicReference<>();
            for (NoteEvent e : events) {
                producer.send(new ProducerRecord<>(topic, null, e.getOccurredAt().toEpochMilli(), e.getTalkId(),
                        values.serialize(topic, e)), (md, ex) -> {
                    if (ex != null) {
                        error.compareAndSet(null, ex);
                    }
                    acked.countDown();
                });
            }
            if (!acked.await(5, TimeUnit.MINUTES)) {
                throw new BenchException("talk-size events not acknowledged within 5 minutes");
            }
            if (error.get() != null) {
                throw new BenchException("sending the talk-size events failed: " + error.get(), error.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }
}
