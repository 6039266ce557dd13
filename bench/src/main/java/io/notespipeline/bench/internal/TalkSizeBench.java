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
 * long); the views service folds it from offset 0, and once it has caught up the same number of edits of random
 * notes of the talk are sent and timed until the last is processed ({@link ViewsBench#phase}). Figure: edits/s on a talk of 10,000 notes;
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
        List<ViewsBench.FoldRun> smalls = new ArrayList<>();
        List<ViewsBench.FoldRun> bigs = new ArrayList<>();
        // a warm-up fold first, then small and big alternately (the machine is shared: best of each)
        run(SMALL, edits, budgetMs, "size-warmup");
        for (int round = 1; round <= ROUNDS; round++) {
            smalls.add(run(SMALL, edits, budgetMs, "size-" + SMALL + "-r" + round));
            bigs.add(run(BIG, edits, budgetMs, "size-" + BIG + "-r" + round));
        }
        ViewsBench.FoldRun small = best(smalls);
        ViewsBench.FoldRun big = best(bigs);
        return Rows.atLeastRatio("4f", "views fold events/s (edits) on a talk of 10,000 notes", big.rate(),
                "events/s", "the same edits on a talk of 100 notes, same run", small.rate(), 0.8,
                String.format(Locale.ROOT, "%,d edits of random notes of one talk, sent once the fold has caught up "
                        + "with its TalkCreated and notes added (not timed); best of %d alternate rounds (small %s; big "
                        + "%s); one talk = one partition, at-least-once, views service defaults%s", edits, ROUNDS,
                        rates(smalls), rates(bigs), small.complete() && big.complete() ? ""
                                : "; a run stopped at the time budget"));
    }

    private static final int ROUNDS = 3;

    private static ViewsBench.FoldRun best(List<ViewsBench.FoldRun> runs) {
        return runs.stream().max(java.util.Comparator.comparingDouble(ViewsBench.FoldRun::rate)).orElseThrow();
    }

    private static String rates(List<ViewsBench.FoldRun> runs) {
        return String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.rate())).toList());
    }

    private ViewsBench.FoldRun run(int notes, int edits, long budgetMs, String tag) {
        String topic = cluster.createTopic("topic-" + tag);
        String talkId = "size-" + notes;
        Random random = new Random(seed ^ notes);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        List<NoteEvent> setup = new ArrayList<>(1 + notes);
        setup.add(event(talkId, at, new TalkCreated("A talk of " + notes + " notes", "bench", List.of("speaker"),
                List.of(), List.of("bench"))));
        int sections = Math.max(1, (int) Math.ceil(Math.sqrt(notes)));
        List<String> ids = new ArrayList<>(notes);
        for (int i = 0; i < notes; i++) {
            String id = "n" + i;
            String parent = i < sections ? null : "n" + (i % sections);
            setup.add(event(talkId, at.plusMillis(setup.size()), new NoteAdded(id, parent, Integer.MAX_VALUE,
                    text(random))));
            ids.add(id);
        }
        List<NoteEvent> measured = new ArrayList<>(edits);
        for (int i = 0; i < edits; i++) {
            measured.add(event(talkId, at.plusMillis(setup.size() + i), new NoteEdited(ids.get(random.nextInt(
                    ids.size())), text(random))));
        }
        send(topic, serialize(topic, setup));
        List<ProducerRecord<String, byte[]>> edited = serialize(topic, measured);
        log.info("Talk-size topic={} notes={} edits={}", topic, notes, edits);
        return views.phase(topic, () -> {
            send(topic, edited);
            return edited.size();
        }, budgetMs, tag);
    }

    private List<ProducerRecord<String, byte[]>> serialize(String topic, List<NoteEvent> events) {
        Serializer<NoteEvent> values = cluster.catalog().events().valueSerde().serializer();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(events.size());
        for (NoteEvent e : events) {
            out.add(new ProducerRecord<>(topic, null, e.getOccurredAt().toEpochMilli(), e.getTalkId(),
                    values.serialize(topic, e)));
        }
        return out;
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

    private void send(String topic, List<ProducerRecord<String, byte[]>> records) {
        Map<String, Object> props = PublisherBench.sameSettings(PublisherBench.publisherConfig(), cluster.bootstrap());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            CountDownLatch acked = new CountDownLatch(records.size());
            AtomicReference<Exception> error = new AtomicReference<>();
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r, (md, ex) -> {
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
