package io.notespipeline.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.notespipeline.schemas.audit.AuditCounter;
import io.notespipeline.schemas.audit.AuditKeys;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The publisher's acknowledgement tally counts every record exactly once in its (topic, partition, bucket),
 * whatever the runs look like, however many threads count at once and whenever the flusher (here called
 * concurrently by hand as well as on its schedule) hands runs over.
 */
class AckTallyProperties {

    private static final long BUCKET_MS = 60_000;

    record Ack(int thread, String topic, int partition, long occurredAtMs) {
    }

    @Property(tries = 60)
    void countsEveryAcknowledgementOnceInItsBucket(@ForAll("acks") List<Ack> acks) throws Exception {
        AuditCounter counter = new AuditCounter(AuditKeys.PUBLISHER, "publisher-test", BUCKET_MS);
        AckTally tally = new AckTally(counter, 1);
        Map<List<Object>, Long> expected = new HashMap<>();
        List<List<Ack>> perThread = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Ack ack : acks) {
            perThread.get(ack.thread()).add(ack);
            expected.merge(List.of(ack.topic(), ack.partition(), AuditKeys.bucketStart(ack.occurredAtMs(), BUCKET_MS)),
                    1L, Long::sum);
        }
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> flushing = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                tally.flush();
            }
        });
        List<CompletableFuture<Void>> threads = perThread.stream().map(list -> CompletableFuture.runAsync(() -> {
            for (Ack ack : list) {
                tally.add(ack.topic(), ack.partition(), ack.occurredAtMs());
            }
        }, r -> new Thread(r).start())).toList();
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get();
        done.set(true);
        flushing.get();
        tally.close();

        for (Map.Entry<List<Object>, Long> e : expected.entrySet()) {
            assertThat(counter.count((String) e.getKey().get(0), (Integer) e.getKey().get(1), (Long) e.getKey().get(2)))
                    .as("count of %s", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(counter.total()).isEqualTo(acks.size());
    }

    @Provide
    Arbitrary<List<Ack>> acks() {
        // few partitions and buckets, so runs form and break as they do when Kafka completes partition batches
        Arbitrary<Ack> ack = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of("notes.events", "other"), Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, 4 * BUCKET_MS)).as(Ack::new);
        return ack.list().ofMaxSize(3_000);
    }
}
