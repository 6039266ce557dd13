package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.AuditCount;
import io.notespipeline.schemas.avro.NoteEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

class TalkViewTopologyAuditTest {

    private final TopicCatalog catalog = TopicCatalog.withDefaults();

    @Test
    void shouldReportAppliedRejectedAndDuplicateEventsPerBucketAndItsPosition() {
        try (ViewsDriver views = new ViewsDriver()) {
            TestOutputTopic<String, AuditCount> audit = auditTopic(views);
            TestEvents talk = new TestEvents("t1").at(TestEvents.START);
            NoteEvent created = talk.created("Keynote");
            NoteEvent added = talk.added("n1", null, 0, "hello");
            NoteEvent unknownEdit = talk.edited("missing", "x");
            views.send(created, added, unknownEdit, added);

            views.driver.advanceWallClockTime(Duration.ofSeconds(6));
            Map<String, AuditCount> reports = latest(audit.readKeyValuesToList());

            AuditCount offset = reports.get(AuditKeys.offsetKey(AuditKeys.VIEWS, "", catalog.events().name(), 0));
            assertThat(offset.getCommittedOffset()).as("position = last processed offset + 1").isEqualTo(4L);
            List<AuditCount> counts = reports.values().stream().filter(r -> !AuditKeys.isOffsetReport(r)).toList();
            assertThat(counts).as("one report per one-minute bucket of occurredAt").hasSize(3);
            assertThat(counts.stream().mapToLong(AuditCount::getCount).sum())
                    .as("applied + rejected + duplicates = every record read").isEqualTo(4);
            assertThat(counts.stream().mapToLong(AuditCount::getRejected).sum()).isEqualTo(1);
            assertThat(counts.stream().mapToLong(AuditCount::getDuplicates).sum()).isEqualTo(1);
            AuditCount addedBucket = reports.get(AuditKeys.countKey(AuditKeys.VIEWS, "", catalog.events().name(), 0,
                    AuditKeys.bucketStart(added.getOccurredAt().toEpochMilli(), 60_000)));
            assertThat(addedBucket.getCount()).as("the event and its duplicate share a bucket").isEqualTo(2);

            views.driver.advanceWallClockTime(Duration.ofSeconds(6));
            assertThat(audit.isEmpty()).as("nothing changed, nothing reported again").isTrue();
        }
    }

    @Test
    void shouldKeepCountingCumulativelyAcrossReports() {
        try (ViewsDriver views = new ViewsDriver()) {
            TestOutputTopic<String, AuditCount> audit = auditTopic(views);
            TestEvents talk = new TestEvents("t2").at(TestEvents.START);
            NoteEvent created = talk.created("Talk");
            views.send(created);
            views.driver.advanceWallClockTime(Duration.ofSeconds(6));
            audit.readKeyValuesToList();
            views.send(created);
            views.driver.advanceWallClockTime(Duration.ofSeconds(6));

            Map<String, AuditCount> reports = latest(audit.readKeyValuesToList());
            AuditCount bucket = reports.get(AuditKeys.countKey(AuditKeys.VIEWS, "", catalog.events().name(), 0,
                    AuditKeys.bucketStart(created.getOccurredAt().toEpochMilli(), 60_000)));
            assertThat(bucket.getCount()).as("a report carries the cumulative count, not a delta").isEqualTo(2);
        }
    }

    private TestOutputTopic<String, AuditCount> auditTopic(ViewsDriver views) {
        return views.driver.createOutputTopic(catalog.auditCounts().name(),
                catalog.auditCounts().keySerde().deserializer(), catalog.auditCounts().valueSerde().deserializer());
    }

    private static Map<String, AuditCount> latest(List<KeyValue<String, AuditCount>> records) {
        return records.stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value, (a, b) -> b));
    }
}
