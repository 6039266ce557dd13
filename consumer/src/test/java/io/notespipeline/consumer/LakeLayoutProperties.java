package io.notespipeline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import io.notespipeline.consumer.internal.LakeFiles;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class LakeLayoutProperties {

    private static final Path ROOT = Path.of("lake");

    @Property
    void eventsLandInTheUtcDayAndHourOfTheirOccurredAt(
            @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis) {
        Instant t = Instant.ofEpochMilli(millis);
        ZonedDateTime utc = t.atZone(ZoneOffset.UTC);
        Path dir = LakeFiles.hourDir(ROOT, "notes.events", t);
        assertThat(dir.getParent().getFileName().toString()).isEqualTo("dt=" + utc.toLocalDate());
        assertThat(dir.getFileName().toString()).isEqualTo(String.format("hour=%02d", utc.getHour()));
    }

    @Property
    void instantsAMillisecondApartAcrossAnHourBoundaryAreInDifferentFolders(
            @ForAll @IntRange(min = 0, max = 500_000) int hour) {
        Instant boundary = Instant.ofEpochSecond(hour * 3600L);
        assertThat(LakeFiles.hourDir(ROOT, "t", boundary.minusMillis(1)))
                .isNotEqualTo(LakeFiles.hourDir(ROOT, "t", boundary));
        assertThat(LakeFiles.hourBucket(boundary) - LakeFiles.hourBucket(boundary.minusMillis(1))).isEqualTo(1);
    }

    @Property
    void fileNamesParseBackToTheirPartitionAndStartOffset(
            @ForAll @IntRange(min = 0, max = 10_000) int partition,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long offset) {
        String name = LakeFiles.fileName("notes.events", partition, offset);
        assertThat(LakeFiles.parse(Path.of(name))).hasValue(new LakeFiles.Name("notes.events", partition, offset));
    }
}
