package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.notespipeline.consumer.AuditVerifier;
import io.notespipeline.consumer.WarehouseSink;
import io.notespipeline.testkit.KafkaExtension;
import io.notespipeline.testkit.TestKafka;
import io.notespipeline.producer.NoteCommand;
import io.notespipeline.producer.NotePublisher;
import io.notespipeline.producer.PublishReceipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit end to end: publisher, views, lake, warehouse and the audit view on the embedded broker.
 * {@code -Daudit.events=N} sets the size of the run with restarts (default 4,000), {@code -Daudit.load.events=N}
 * the synthetic load without restarts (default 2,000; the 100,000 is measured with it).
 */
@ExtendWith(KafkaExtension.class)
class AuditIT {

    private static final Logger log = LoggerFactory.getLogger(AuditIT.class);
    private static final Instant BASE = Instant.parse("2026-11-01T10:00:00Z");
    private static final int MINUTES = 5;
    private static final int NOTES_PER_TALK = 25;

    @TempDir
    Path dir;

    @Test
    void shouldEndEveryBucketCompleteWithoutDoubleCountingWhenEveryComponentRestartsMidRun(TestKafka kafka) {
        int events = Integer.getInteger("audit.events", 4000);
        long started = System.nanoTime();
        try (AuditPipeline pipeline = new AuditPipeline(kafka, dir, Duration.ofSeconds(30), UnaryOperator.identity()).start()) {
            publish(pipeline.publisher, 0, events / 2, events);
            pipeline.restart();
            publish(pipeline.publisher, events / 2, events, events);

            AuditReport report = awaitReport(pipeline, r -> produced(r) == events && r.allComplete(),
                    Duration.ofSeconds(events > 10_000 ? 240 : 90));
            log.info("Audit of {} events complete in {} ms: {}", events, (System.nanoTime() - started) / 1_000_000,
                    System.lineSeparator() + AuditTable.format(report));
            assertThat(report.buckets().stream().mapToLong(r -> r.bucket().views()).sum())
                    .as("the views tier handled each event once").isEqualTo(events);
            for (AuditReport.Row row : report.buckets()) {
                AuditBucket b = row.bucket();
                assertThat(List.of(b.produced(), b.views(), b.lake(), b.warehouse()))
                        .as("a restart must not double count: bucket %s", b.key()).containsOnly(b.log());
            }
            assertThat(report.lag()).as("log, views, lake and warehouse report their position on every partition")
                    .hasSize(4 * AuditPipeline.PARTITIONS);
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.report().map(r -> r.lag().stream()
                    .allMatch(l -> l.lag() >= 0 && l.lag() <= 1)).orElse(false));
        }
    }

    @Test
    void shouldEndEveryBucketCompleteUnderASyntheticLoad(TestKafka kafka) {
        int events = Integer.getInteger("audit.load.events", 2000);
        long started = System.nanoTime();
        try (AuditPipeline pipeline = new AuditPipeline(kafka, dir, Duration.ofSeconds(30), UnaryOperator.identity()).start()) {
            publish(pipeline.publisher, 0, events, events);
            long published = System.nanoTime();
            AuditReport report = awaitReport(pipeline, r -> produced(r) == events && r.allComplete(),
                    Duration.ofSeconds(events > 10_000 ? 240 : 90));
            log.info("Synthetic load of {} events: published in {} ms, every bucket complete after {} ms", events,
                    (published - started) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
            assertThat(report.buckets().stream().mapToLong(r -> r.bucket().warehouse()).sum()).isEqualTo(events);
        }
    }

    @Test
    void shouldFlagExactlyTheBucketOfTheDroppedEventAndNameItsEventId(TestKafka kafka) {
        UUID dropped = UUID.fromString("00000000-0000-4000-8000-000000000042");
        int events = 600;
        try (AuditPipeline pipeline = new AuditPipeline(kafka, dir, Duration.ofSeconds(3),
                sink -> sink.name().equals(WarehouseSink.NAME) ? new DroppingSink(sink, dropped.toString()) : sink).start()) {
            List<PublishReceipt> receipts = publish(pipeline.publisher, 0, events, events);
            Instant at = BASE.plus(Duration.ofMinutes(2)).plusSeconds(7);
            PublishReceipt victim = pipeline.publisher.publish(NoteCommand.addNote("talk-3", "victim", null, 0, "lost")
                    .withEventId(dropped).withOccurredAt(at)).join();
            receipts.add(victim);

            AuditReport report = awaitReport(pipeline, r -> produced(r) == events + 1
                    && r.count(AuditBucket.Status.INCOMPLETE) == 1 && r.count(AuditBucket.Status.PENDING) == 0,
                    Duration.ofSeconds(90));
            AuditReport.Row incomplete = report.buckets().stream()
                    .filter(r -> r.status() == AuditBucket.Status.INCOMPLETE).findFirst().orElseThrow();
            assertThat(incomplete.bucket().partition()).isEqualTo(victim.partition());
            assertThat(incomplete.bucket().bucketStartInstant()).isEqualTo(Instant.parse("2026-11-01T10:02:00Z"));
            assertThat(incomplete.difference()).isEqualTo(1);
            assertThat(incomplete.bucket().warehouse()).isEqualTo(incomplete.bucket().log() - 1);
            assertThat(incomplete.bucket().lake()).isEqualTo(incomplete.bucket().log());
            assertThat(incomplete.bucket().differencesText()).isEqualTo("warehouse -1");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    pipeline.meters.get(AuditViewTopology.INCOMPLETE_GAUGE).gauge().value()).isEqualTo(1.0));

            AuditVerifier verifier = new AuditVerifier(pipeline.sinksConfig, kafka.bootstrapServers(), pipeline.catalog);
            AuditVerifier.Result warehouse = verifier.verify(AuditVerifier.Tier.WAREHOUSE, BASE, BASE.plus(Duration.ofHours(1)));
            log.info("Verifier: {}", AuditVerifier.format(warehouse));
            assertThat(warehouse.missing()).extracting(AuditVerifier.Missing::eventId).containsExactly(dropped.toString());
            assertThat(warehouse.duplicated()).isEmpty();
            assertThat(warehouse.logEvents()).isEqualTo(events + 1);
            assertThat(verifier.verify(AuditVerifier.Tier.LAKE, null, null).ok()).as("the lake has every event").isTrue();
        }
    }

    @Test
    void shouldCountWhatAnotherProducerWroteFromTheLogAndCallItCompleteWhenEveryTierHasIt(TestKafka kafka) {
        int foreign = 300;
        try (AuditPipeline pipeline = new AuditPipeline(kafka, dir, Duration.ofSeconds(30), UnaryOperator.identity()).start();
             var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                     org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all"),
                     new org.apache.kafka.common.serialization.StringSerializer(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var serializer = pipeline.catalog.events().valueSerde().serializer();
            for (int i = 0; i < foreign; i++) { // a client that is not our publisher: no publisher counts
                var event = io.notespipeline.schemas.avro.NoteEvent.newBuilder().setEventId(UUID.randomUUID())
                        .setTalkId("foreign-" + (i % 10)).setOccurredAt(BASE.plusSeconds(i)).setAuthor("confluent-client")
                        .setCorrelationId("c" + i).setExpectedRevision(null)
                        .setPayload(io.notespipeline.schemas.avro.TalkCreated.newBuilder().setTitle("T" + i)
                                .setConference(null).setSpeakers(List.of()).setLinks(List.of()).setTags(List.of()).build())
                        .build();
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(pipeline.catalog.events().name(),
                        event.getTalkId(), serializer.serialize(pipeline.catalog.events().name(), event)));
            }
            producer.flush();
            AuditReport report = awaitReport(pipeline, r -> r.buckets().stream().mapToLong(b -> b.bucket().log()).sum()
                    == foreign && r.allComplete(), Duration.ofSeconds(90));
            assertThat(produced(report)).as("the publisher wrote none of them").isZero();
            for (AuditReport.Row row : report.buckets()) {
                AuditBucket b = row.bucket();
                assertThat(List.of(b.views(), b.lake(), b.warehouse())).containsOnly(b.log());
                assertThat(b.differences()).containsOnlyKeys("publisher");
            }
            log.info("Foreign producer's {} events, audited from the log:{}{}", foreign, System.lineSeparator(),
                    AuditTable.format(report));
        }
    }

    /**
     * Publishes events {@code from..to-1} of a run of {@code total}: per talk a TalkCreated first, then about
     * {@value #NOTES_PER_TALK} notes (small views, as in real use), spread over five minutes.
     */
    private static List<PublishReceipt> publish(NotePublisher publisher, int from, int to, int total) {
        int talks = Math.max(30, total / NOTES_PER_TALK);
        List<CompletableFuture<PublishReceipt>> sent = new ArrayList<>();
        List<CompletableFuture<List<PublishReceipt>>> batches = new ArrayList<>();
        List<NoteCommand> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String talk = "talk-" + (i % talks);
            Instant at = BASE.plus(Duration.ofMinutes(i % MINUTES)).plusMillis(i % 50_000);
            NoteCommand command = (i < talks
                    ? NoteCommand.createTalk(talk, "Talk " + i, "AuditConf", List.of("Speaker"), List.of())
                    : NoteCommand.addNote(talk, "n" + i, null, 0, "note " + i)).withOccurredAt(at);
            if (i % 10 < 3) {
                batch.add(command);
                if (batch.size() == 50) {
                    batches.add(publisher.publishBatch(List.copyOf(batch)));
                    batch.clear();
                }
            } else {
                sent.add(publisher.publish(command));
            }
        }
        if (!batch.isEmpty()) {
            batches.add(publisher.publishBatch(List.copyOf(batch)));
        }
        List<PublishReceipt> receipts = new ArrayList<>();
        sent.forEach(f -> receipts.add(f.join()));
        batches.forEach(f -> receipts.addAll(f.join()));
        return receipts;
    }

    private static long produced(AuditReport report) {
        return report.buckets().stream().mapToLong(r -> r.bucket().produced()).sum();
    }

    private static AuditReport awaitReport(AuditPipeline pipeline, java.util.function.Predicate<AuditReport> done,
            Duration timeout) {
        AtomicReference<AuditReport> last = new AtomicReference<>();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
                Optional<AuditReport> r = pipeline.report();
                r.ifPresent(last::set);
                return r.map(done::test).orElse(false);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("audit did not settle; last report:" + System.lineSeparator()
                    + (last.get() == null ? "none" : AuditTable.format(last.get())), e);
        }
        return last.get();
    }
}
