package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeCompactorTest {

    private static final String TOPIC = "notes.events";

    @TempDir
    Path dir;

    private SinksConfig config() {
        return new SinksConfig(Map.of(SinksConfig.LAKE_DIR_CONFIG, dir.toString(), SinksConfig.LAKE_ROTATE_RECORDS_CONFIG, 7));
    }

    /** Writes 40 events of 3 talks over two hours of one day to partition 0, the first 5 twice (a producer retry). */
    private List<NoteEvent> writeDayWithDuplicates() {
        List<NoteEvent> events = TestEvents.generate(21, 40, 3, Instant.parse("2026-03-01T09:50:00Z"), 30_000);
        List<NoteEvent> log = new ArrayList<>(events);
        log.addAll(events.subList(0, 5));
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            records.add(new SinkRecord(TOPIC, 0, i, 0L, log.get(i).getTalkId(), log.get(i)));
        }
        try (LakeSink sink = new LakeSink(config())) {
            sink.write(records, Map.of(new TopicPartition(TOPIC, 0), (long) log.size()));
            sink.flush();
        }
        return events;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void shouldMergeEachHoursFilesIntoOneSortedFileWithoutDuplicateEventIds() throws IOException {
        List<NoteEvent> events = writeDayWithDuplicates();
        assertThat(files()).hasSizeGreaterThan(2);

        CompactionReport report = new LakeCompactor(config(), TopicCatalog.withDefaults()).compact(LocalDate.parse("2026-03-01"), ProgressListener.NONE);

        assertThat(report.recordsBefore()).isEqualTo(45);
        assertThat(report.recordsAfter()).isEqualTo(40);
        assertThat(report.duplicatesDropped()).isEqualTo(5);
        List<Path> after = files();
        assertThat(after).hasSize(2).hasSize(report.filesAfter());
        List<NoteEvent> all = new ArrayList<>();
        for (Path f : after) {
            List<NoteEvent> inFile = LakeFiles.read(f);
            assertThat(inFile).isSortedAccordingTo(Comparator.comparing(NoteEvent::getTalkId)
                    .thenComparing(NoteEvent::getOccurredAt));
            all.addAll(inFile);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(events);
        assertThat(after.get(0).getFileName().toString()).isEqualTo("notes.events+0+00000000000000000000.avro");
    }

    @Test
    void shouldKeepTheSinksRecoveredOffsetsAndBeIdempotent() throws IOException {
        writeDayWithDuplicates();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        Map<TopicPartition, Long> before;
        try (LakeSink sink = new LakeSink(config())) {
            before = sink.storedOffsets(List.of(tp));
        }
        LakeCompactor compactor = new LakeCompactor(config(), TopicCatalog.withDefaults());
        compactor.compact(LocalDate.parse("2026-03-01"), ProgressListener.NONE);
        List<Path> once = files();
        CompactionReport again = compactor.compact(LocalDate.parse("2026-03-01"), ProgressListener.NONE);

        assertThat(files()).isEqualTo(once);
        assertThat(again.duplicatesDropped()).isZero();
        try (LakeSink sink = new LakeSink(config())) {
            assertThat(sink.storedOffsets(List.of(tp))).isEqualTo(before).containsEntry(tp, 45L);
        }
    }

    @Test
    void shouldReportNothingForADayWithoutFiles() {
        CompactionReport report = new LakeCompactor(config(), TopicCatalog.withDefaults()).compact(LocalDate.parse("2020-01-01"), ProgressListener.NONE);
        assertThat(report.filesBefore()).isZero();
        assertThat(report.recordsAfter()).isZero();
    }
}
