package io.notespipeline.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.schemas.avro.NoteEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "sort and de-dupe" job for one day of the lake ({@code notes lake compact --date}): in each
 * hour folder, the files of one Kafka partition are merged into one file sorted by talk and time,
 * duplicate eventIds dropped, the count verified by reading the new file back, and the originals
 * replaced. The merged file takes the name of the earliest original (its start offset) and is
 * renamed over it atomically, then the other originals are deleted; its metadata covers the union
 * of their offset ranges, so the sink's offset recovery is unchanged. Interrupted between the
 * rename and the deletes, the day holds duplicates that a re-run removes (compaction is idempotent).
 */
public final class LakeCompactor {

    private static final Logger log = LoggerFactory.getLogger(LakeCompactor.class);
    private static final Comparator<NoteEvent> ORDER = Comparator.comparing(NoteEvent::getTalkId)
            .thenComparing(NoteEvent::getOccurredAt).thenComparing(e -> e.getEventId().toString());

    private final Path root;
    private final String topic;
    private final String codec;

    /**
     * @param config  the lake folder and codec
     * @param catalog the events topic whose files to compact
     */
    public LakeCompactor(SinksConfig config, TopicCatalog catalog) {
        this(config.lakeDir(), catalog.events().name(), config.lakeCodec());
    }

    /**
     * @param root  the lake's root folder
     * @param topic the topic whose files to compact
     * @param codec Avro codec of the new files ({@code null} or {@code deflate})
     */
    public LakeCompactor(Path root, String topic, String codec) {
        this.root = root;
        this.topic = topic;
        this.codec = codec;
    }

    /** Compacts one day (UTC). @return what was done */
    public CompactionReport compact(LocalDate date, ProgressListener progress) {
        Path day = LakeFiles.topicDir(root, topic).resolve("dt=" + date);
        try {
            Map<String, List<Path>> groups = groups(day);
            int filesBefore = 0;
            long before = 0;
            long after = 0;
            int done = 0;
            for (Map.Entry<String, List<Path>> group : groups.entrySet()) {
                filesBefore += group.getValue().size();
                long[] counts = compactGroup(group.getValue());
                before += counts[0];
                after += counts[1];
                progress.progress("compacting " + date, ++done, groups.size());
            }
            CompactionReport report = new CompactionReport(date, filesBefore, groups.size(), before, after,
                    before - after);
            log.info("Compacted lake day={} topic={} report={}", date, topic, report);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact " + day, e);
        }
    }

    /** @return the day's files grouped by hour folder and Kafka partition, each group by start offset */
    private Map<String, List<Path>> groups(Path day) throws IOException {
        Map<String, List<Path>> groups = new TreeMap<>();
        if (!Files.isDirectory(day)) {
            return groups;
        }
        for (Path file : LakeFiles.list(root, topic)) {
            if (!file.startsWith(day)) {
                continue;
            }
            LakeFiles.Name name = LakeFiles.parse(file).orElseThrow();
            groups.computeIfAbsent(file.getParent().getFileName() + "/" + name.partition(), k -> new ArrayList<>())
                    .add(file);
        }
        groups.values().forEach(files -> files.sort(Comparator.comparingLong(
                f -> LakeFiles.parse(f).orElseThrow().startOffset())));
        return groups;
    }

    /** @return {records before, records after} */
    private long[] compactGroup(List<Path> files) throws IOException {
        List<NoteEvent> all = new ArrayList<>();
        long start = Long.MAX_VALUE;
        long end = -1;
        for (Path f : files) {
            all.addAll(LakeFiles.read(f));
            Map<String, String> meta = LakeFiles.meta(f);
            start = Math.min(start, Long.parseLong(meta.getOrDefault(LakeFiles.META_START,
                    String.valueOf(LakeFiles.parse(f).orElseThrow().startOffset()))));
            end = Math.max(end, Long.parseLong(meta.getOrDefault(LakeFiles.META_END, "-1")));
        }
        Map<UUID, NoteEvent> unique = new LinkedHashMap<>();
        for (NoteEvent e : all) {
            unique.putIfAbsent(e.getEventId(), e);
        }
        List<NoteEvent> sorted = new ArrayList<>(unique.values());
        sorted.sort(ORDER);
        if (files.size() == 1 && sorted.size() == all.size() && sorted.equals(all)) {
            return new long[] {all.size(), all.size()};
        }
        Path target = files.get(0);
        LakeFiles.Name name = LakeFiles.parse(target).orElseThrow();
        Map<String, String> meta = new HashMap<>(Map.of(
                LakeFiles.META_TOPIC, topic, LakeFiles.META_PARTITION, String.valueOf(name.partition()),
                LakeFiles.META_START, String.valueOf(start), LakeFiles.META_END, String.valueOf(end)));
        Path temp = target.resolveSibling(".compacted-" + target.getFileName());
        Files.deleteIfExists(temp); // an interrupted compaction's leftover (LakeFiles.write never replaces a file)
        LakeFiles.write(temp, sorted, meta, codec, () -> { });
        verify(temp, unique.keySet());
        // replaces the group's first file by one covering every offset of the group (never fewer)
        Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (Path f : files.subList(1, files.size())) {
            Files.delete(f);
        }
        LakeFiles.syncDir(target.getParent());
        return new long[] {all.size(), sorted.size()};
    }

    private static void verify(Path file, Set<UUID> expected) throws IOException {
        List<NoteEvent> written = LakeFiles.read(file);
        Set<UUID> ids = new HashSet<>();
        written.forEach(e -> ids.add(e.getEventId()));
        if (written.size() != expected.size() || !ids.equals(expected)) {
            Files.deleteIfExists(file);
            throw new NotesSinkException("compacted file " + file + " holds " + written.size() + " records, expected "
                    + expected.size() + "; originals left untouched");
        }
    }
}
