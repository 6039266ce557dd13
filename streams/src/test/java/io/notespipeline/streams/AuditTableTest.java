package io.notespipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AuditTableTest {

    private static final Instant AT = Instant.parse("2026-11-27T01:00:00Z");
    private static final long BUCKET = Instant.parse("2026-11-27T00:50:00Z").toEpochMilli();

    private static AuditReport report() {
        AuditBucket ok = new AuditBucket("notes.events", 0, BUCKET, 60_000, 10, 10, 10, 1, 0, 10, 10, 0, false);
        AuditBucket short1 = new AuditBucket("notes.events", 1, BUCKET, 60_000, 7, 7, 7, 0, 0, 7, 6, 0, true);
        return new AuditReport(AT, 300_000,
                List.of(new AuditReport.Row(ok, AuditBucket.Status.COMPLETE, 0),
                        new AuditReport.Row(short1, AuditBucket.Status.INCOMPLETE, 1)),
                List.of(new AuditReport.Lag("warehouse", "notes.events", 1, 40, 41, 1, AT)));
    }

    @Test
    void shouldPrintOneLinePerBucketASummaryAndTheLag() {
        String table = AuditTable.format(report());
        assertThat(table.lines()).first().asString().startsWith("bucket").contains("log", "produced", "warehouse",
                "status");
        assertThat(table).contains("2026-11-27T00:50:00Z  notes.events  1     7    7         7      0         0     7     6"
                + "          incomplete  warehouse -1");
        assertThat(table).contains("2 buckets: 1 complete, 0 pending, 1 incomplete (grace 300 s");
        assertThat(table).containsPattern("warehouse\\s+notes.events\\s+1\\s+40\\s+41\\s+1");
    }

    @Test
    void shouldGiveTheApiTheSameNumbers() {
        Map<String, Object> json = AuditApi.toJson(report());
        assertThat(json.get("summary")).isEqualTo(Map.of("buckets", 2, "complete", 1L, "pending", 0L, "incomplete", 1L));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> buckets = (List<Map<String, Object>>) json.get("buckets");
        assertThat(buckets.get(1)).containsEntry("status", "incomplete").containsEntry("difference", 1L)
                .containsEntry("warehouse", 6L).containsEntry("bucket_start", "2026-11-27T00:50:00Z");
    }

    @Test
    void shouldCallABucketCompleteOnlyWhenEveryConsumerTierHoldsExactlyWhatTheLogHolds() {
        long g = 300_000;
        assertThat(new AuditBucket("t", 0, 0, 60_000, 5, 5, 5, 0, 0, 5, 5, 0, false).status(g * 9, g))
                .isEqualTo(AuditBucket.Status.COMPLETE);
        AuditBucket doubled = new AuditBucket("t", 0, 0, 60_000, 5, 5, 6, 0, 1, 5, 5, 0, false);
        assertThat(doubled.status(g * 9, g)).as("more than the log is not complete").isEqualTo(AuditBucket.Status.INCOMPLETE);
        assertThat(doubled.differencesText()).isEqualTo("views +1");
        assertThat(doubled.difference()).isEqualTo(1);
        AuditBucket foreign = new AuditBucket("t", 0, 0, 60_000, 5, 0, 5, 0, 0, 5, 5, 0, false);
        assertThat(foreign.status(g * 9, g)).as("written by another producer: complete, the publisher's gap shown")
                .isEqualTo(AuditBucket.Status.COMPLETE);
        assertThat(foreign.differences()).containsExactly(java.util.Map.entry("publisher", -5L));
        AuditBucket acknowledgedNotInLog = new AuditBucket("t", 0, 0, 60_000, 4, 5, 4, 0, 0, 4, 4, 0, false);
        assertThat(acknowledgedNotInLog.status(g * 9, g)).isEqualTo(AuditBucket.Status.INCOMPLETE);
        assertThat(new AuditBucket("t", 0, 0, 60_000, 0, 3, 0, 0, 0, 0, 0, 0, false).complete())
                .as("nothing in the log yet").isFalse();
    }

    @Test
    void shouldCallABucketPendingUntilTheGraceAfterItsEndAndItsLastPublisherReport() {
        AuditBucket behind = new AuditBucket("t", 0, 0, 60_000, 5, 5, 5, 0, 0, 5, 4, 100_000, false);
        assertThat(behind.status(100_000 + 299_999, 300_000)).isEqualTo(AuditBucket.Status.PENDING);
        assertThat(behind.status(100_000 + 300_000, 300_000)).isEqualTo(AuditBucket.Status.INCOMPLETE);
        assertThat(behind.difference()).isEqualTo(1);
    }
}
