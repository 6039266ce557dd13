package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeSinkTest {

    private static final String TOPIC = "notes.events";

    @TempDir
    Path dir;

    private LakeSink sink(int rotateRecords) {
        return new LakeSink(new SinksConfig(Map.of(
                SinksConfig.LAKE_DIR_CONFIG, dir.toString(),
                SinksConfig.LAKE_ROTATE_RECORDS_CONFIG, rotateRecords,
                SinksConfig.LAKE_IDLE_FLUSH_MS_CONFIG, 1)));
    }

    private static List<SinkRecord> records(int partition, long firstOffset, List<NoteEvent> events) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(new SinkRecord(TOPIC, partition, firstOffset + i, 0L, events.get(i).getTalkId(), events.get(i)));
        }
        return records;
    }

    private static Map<TopicPartition, Long> next(int partition, long next) {
        return Map.of(new TopicPartition(TOPIC, partition), next);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void shouldPutEventsEitherSideOfMidnightUtcInTheirDayAndHour() throws IOException {
        Random random = new Random(1);
        NoteEvent before = TestEvents.noteAdded(TestEvents.uuid(random), "t1", Instant.parse("2026-02-28T23:59:59.998Z"), "a");
        NoteEvent after = TestEvents.noteAdded(TestEvents.uuid(random), "t1", Instant.parse("2026-03-01T00:00:00.002Z"), "b");
        try (LakeSink sink = sink(100)) {
            sink.write(records(0, 0, List.of(before, after)), next(0, 2));
            sink.flush();
        }

        Path day1 = dir.resolve("topic=notes.events/dt=2026-02-28/hour=23/notes.events+0+00000000000000000000.avro");
        Path day2 = dir.resolve("topic=notes.events/dt=2026-03-01/hour=00/notes.events+0+00000000000000000001.avro");
        assertThat(files()).containsExactly(day1, day2);
        assertThat(LakeFiles.read(day1)).containsExactly(before);
        assertThat(LakeFiles.read(day2)).containsExactly(after);
    }

    @Test
    void shouldRecoverNextOffsetFromFileMetadataIncludingSkippedRecordsAtTheEnd() {
        List<NoteEvent> events = TestEvents.generate(2, 5, 1, Instant.parse("2026-03-01T10:00:00Z"), 1000);
        try (LakeSink sink = sink(100)) {
            sink.write(records(3, 10, events), next(3, 17));
            sink.flush();
        }
        try (LakeSink restarted = sink(100)) {
            assertThat(restarted.storedOffsets(List.of(new TopicPartition(TOPIC, 3), new TopicPartition(TOPIC, 4))))
                    .containsExactly(Map.entry(new TopicPartition(TOPIC, 3), 17L));
        }
    }

    @Test
    void shouldRotateByRecordCountAndNameFilesByTheirStartOffset() throws IOException {
        List<NoteEvent> events = TestEvents.generate(3, 10, 2, Instant.parse("2026-03-01T10:00:00Z"), 10);
        try (LakeSink sink = sink(4)) {
            sink.write(records(1, 0, events), next(1, 10));
            sink.flush();
        }
        assertThat(files()).extracting(p -> p.getFileName().toString()).containsExactly(
                "notes.events+1+00000000000000000000.avro", "notes.events+1+00000000000000000004.avro",
                "notes.events+1+00000000000000000008.avro");
    }

    @Test
    void shouldRotateWhenTheEventTimeSpanWouldBeExceeded() throws IOException {
        List<NoteEvent> events = TestEvents.generate(4, 6, 1, Instant.parse("2026-03-01T10:00:00Z"), 60_000);
        try (LakeSink sink = new LakeSink(new SinksConfig(Map.of(SinksConfig.LAKE_DIR_CONFIG, dir.toString(),
                SinksConfig.LAKE_ROTATE_SPAN_MS_CONFIG, 120_000)))) {
            sink.write(records(0, 0, events), next(0, 6));
            sink.flush();
        }
        assertThat(files()).hasSize(2);
    }

    @Test
    void shouldCommitAnIdlePartitionOnMaybeFlush() throws IOException {
        List<NoteEvent> events = TestEvents.generate(5, 3, 1, Instant.parse("2026-03-01T10:00:00Z"), 10);
        try (LakeSink sink = sink(100)) {
            sink.write(records(0, 0, events), next(0, 3));
            assertThat(files()).isEmpty();
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                sink.maybeFlush(Instant.now());
                assertThat(files()).hasSize(1);
            });
        }
    }

    @Test
    void shouldWriteTheSameFileNamesWhenReRunAfterACrash() throws IOException {
        List<NoteEvent> events = TestEvents.generate(6, 12, 3, Instant.parse("2026-03-01T10:00:00Z"), 10);
        try (LakeSink sink = sink(5)) {
            sink.write(records(0, 0, events), next(0, 12));
            sink.discard(); // crash: the 2 buffered records are lost, 10 are in files
        }
        List<Path> afterCrash = files();
        Map<TopicPartition, Long> stored;
        try (LakeSink sink = sink(5)) {
            stored = new HashMap<>(sink.storedOffsets(List.of(new TopicPartition(TOPIC, 0))));
            long from = stored.get(new TopicPartition(TOPIC, 0));
            sink.write(records(0, from, events.subList((int) from, 12)), next(0, 12));
            sink.flush();
        }
        assertThat(stored).containsEntry(new TopicPartition(TOPIC, 0), 10L);
        assertThat(files()).containsAll(afterCrash).hasSize(3);
        assertThat(files().get(2).getFileName().toString()).isEqualTo("notes.events+0+00000000000000000010.avro");
    }
}
