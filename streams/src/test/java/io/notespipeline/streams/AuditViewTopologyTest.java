package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditViewTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
    private static final long BUCKET = Instant.parse("2026-11-26T23:58:00Z").toEpochMilli();
    private static final String TOPIC = "notes.events";
    private static final Duration GRACE = Duration.ofMinutes(5);

    @TempDir
    Path stateDir;
    private final TopicCatalog catalog = TopicCatalog.withDefaults();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, AuditCount> audit;
    private TestInputTopic<String, byte[]> events;

    @BeforeEach
    void start() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "audit-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        AuditViewTopology topology = new AuditViewTopology(catalog.auditCounts(), GRACE, Duration.ofSeconds(10), meters)
                .withLogTier(catalog.events(), 60_000, Duration.ofSeconds(1));
        driver = new TopologyTestDriver(topology.build(new StreamsBuilder()), props, NOW);
        audit = driver.createInputTopic(catalog.auditCounts().name(), catalog.auditCounts().keySerde().serializer(),
                catalog.auditCounts().valueSerde().serializer());
        events = driver.createInputTopic(TOPIC, new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldCallABucketCompleteWhenEveryTierHasWhatTheLogHolds() {
        report(AuditKeys.LOG, "", 5);
        report(AuditKeys.PUBLISHER, "run-1", 3);
        report(AuditKeys.PUBLISHER, "run-2", 2);
        report(AuditKeys.VIEWS, "", 5);
        report(AuditKeys.LAKE, "", 5);
        report(AuditKeys.WAREHOUSE, "", 5);

        AuditBucket bucket = bucket();
        assertThat(bucket.produced()).as("the publisher's runs are summed").isEqualTo(5);
        assertThat(bucket.status(NOW.toEpochMilli(), GRACE.toMillis())).isEqualTo(AuditBucket.Status.COMPLETE);
    }

    @Test
    void shouldTakeTheLatestReportPerKeySoAResentReportDoesNotDoubleCount() {
        report(AuditKeys.PUBLISHER, "run-1", 4);
        report(AuditKeys.WAREHOUSE, "", 3);
        report(AuditKeys.WAREHOUSE, "", 4);
        report(AuditKeys.WAREHOUSE, "", 4);

        assertThat(bucket().warehouse()).isEqualTo(4);
        assertThat(bucket().produced()).isEqualTo(4);
    }

    @Test
    void shouldStayPendingDuringTheGraceThenWarnOnceAndMoveTheMetricsWhenATierIsBehind() {
        report(AuditKeys.LOG, "", 10);
        report(AuditKeys.PUBLISHER, "run-1", 10);
        report(AuditKeys.VIEWS, "", 10);
        report(AuditKeys.LAKE, "", 10);
        report(AuditKeys.WAREHOUSE, "", 9);

        assertThat(bucket().status(NOW.toEpochMilli(), GRACE.toMillis())).isEqualTo(AuditBucket.Status.PENDING);
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(gauge()).as("still within the grace").isZero();

        driver.advanceWallClockTime(GRACE);
        AuditBucket late = bucket();
        assertThat(late.status(NOW.plus(GRACE).plusSeconds(61).toEpochMilli(), GRACE.toMillis()))
                .isEqualTo(AuditBucket.Status.INCOMPLETE);
        assertThat(late.difference()).isEqualTo(1);
        assertThat(gauge()).isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertThat(meters.counter(AuditViewTopology.INCOMPLETE_COUNTER).count()).as("warned once").isEqualTo(1);

        report(AuditKeys.WAREHOUSE, "", 10);
        assertThat(gauge()).as("the bucket caught up").isZero();
    }

    @Test
    void shouldCountWhatIsInTheLogWhoeverWroteItAndReportADifferenceInEitherDirection() {
        byte[] event = catalog.events().valueSerde().serializer().serialize(TOPIC, io.notespipeline.schemas.avro.NoteEvent
                .newBuilder().setEventId(java.util.UUID.randomUUID()).setTalkId("t").setOccurredAt(Instant.ofEpochMilli(BUCKET + 5))
                .setAuthor("a").setCorrelationId("c").setExpectedRevision(null)
                .setPayload(new io.notespipeline.schemas.avro.TalkDeleted()).build());
        for (int i = 0; i < 4; i++) { // a foreign producer: no publisher report
            events.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("t", event, NOW));
        }
        events.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("t", new byte[] {1, 2, 3}, Instant.ofEpochMilli(BUCKET + 7)));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        // every event went to partition 0 of the test driver
        KeyValueStore<String, AuditBucket> buckets = driver.getKeyValueStore(AuditViewTopology.BUCKETS_STORE);
        AuditBucket b = buckets.get(AuditKeys.bucketKey(TOPIC, 0, BUCKET));
        assertThat(b.log()).as("4 events and an unreadable record, in the log").isEqualTo(5);
        assertThat(b.produced()).isZero();
        reportOn(0, AuditKeys.VIEWS, 5);
        reportOn(0, AuditKeys.LAKE, 4);
        reportOn(0, AuditKeys.WAREHOUSE, 6);
        b = buckets.get(AuditKeys.bucketKey(TOPIC, 0, BUCKET));
        assertThat(b.status(NOW.plus(GRACE).plusSeconds(120).toEpochMilli(), GRACE.toMillis()))
                .isEqualTo(AuditBucket.Status.INCOMPLETE);
        assertThat(b.differencesText()).isEqualTo("publisher -5, lake -1, warehouse +1");

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(buckets.get(AuditKeys.bucketKey(TOPIC, 0, BUCKET)).log()).as("a resent report does not add up")
                .isEqualTo(5);
    }

    private void reportOn(int partition, String tier, long count) {
        AuditCount r = AuditCount.newBuilder().setTier(tier).setReporter("").setTopic(TOPIC).setPartition(partition)
                .setBucketStart(Instant.ofEpochMilli(BUCKET)).setBucketMs(60_000).setCount(count)
                .setCommittedOffset(null).setReportedAt(NOW).build();
        audit.pipeInput(AuditKeys.keyOf(r), r, NOW);
    }

    @Test
    void shouldKeepOffsetReportsApartForTheLag() {
        AuditCount offset = AuditCount.newBuilder().setTier(AuditKeys.LAKE).setReporter("").setTopic(TOPIC)
                .setPartition(2).setBucketStart(null).setBucketMs(0).setCount(0).setCommittedOffset(42L)
                .setReportedAt(NOW).build();
        audit.pipeInput(AuditKeys.keyOf(offset), offset, NOW);

        KeyValueStore<String, AuditCount> offsets = driver.getKeyValueStore(AuditViewTopology.OFFSETS_STORE);
        assertThat(offsets.get(AuditKeys.offsetKey(AuditKeys.LAKE, "", TOPIC, 2)).getCommittedOffset()).isEqualTo(42L);
        KeyValueStore<String, AuditBucket> buckets = driver.getKeyValueStore(AuditViewTopology.BUCKETS_STORE);
        assertThat(buckets.approximateNumEntries()).isZero();
    }

    private double gauge() {
        return meters.get(AuditViewTopology.INCOMPLETE_GAUGE).gauge().value();
    }

    private AuditBucket bucket() {
        KeyValueStore<String, AuditBucket> buckets = driver.getKeyValueStore(AuditViewTopology.BUCKETS_STORE);
        return buckets.get(AuditKeys.bucketKey(TOPIC, 1, BUCKET));
    }

    private void report(String tier, String reporter, long count) {
        AuditCount r = AuditCount.newBuilder().setTier(tier).setReporter(reporter).setTopic(TOPIC).setPartition(1)
                .setBucketStart(Instant.ofEpochMilli(BUCKET)).setBucketMs(60_000).setCount(count)
                .setCommittedOffset(null).setReportedAt(NOW).build();
        audit.pipeInput(AuditKeys.keyOf(r), r, NOW);
    }
}
