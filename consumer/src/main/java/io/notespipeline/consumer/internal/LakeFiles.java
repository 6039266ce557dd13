package io.notespipeline.consumer.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Layout and I/O of lake files: {@code <root>/topic=<t>/dt=YYYY-MM-DD/hour=HH/<t>+<partition>+<start>.avro}
 * (Kafka Connect's naming), Avro container files of {@code NoteEvent} whose metadata records the
 * source topic, partition and the offset range the file covers. Written to a hidden temp file,
 * fsynced, renamed atomically. Internal.
 */
public final class LakeFiles {

    /** Metadata keys of a lake file. */
    public static final String META_TOPIC = "notes.topic";
    public static final String META_PARTITION = "notes.partition";
    public static final String META_START = "notes.start.offset";
    public static final String META_END = "notes.end.offset";
    /** Audit counts of the file: {@code <bucketMs>;<bucketStart>=<count>,...} (events per occurredAt bucket). */
    public static final String META_AUDIT = "notes.audit.buckets";

    private static final String TEMP_SUFFIX = ".tmp";
    private static final String REPLACE_LOCK = ".replace.lock";
    private static final Pattern NAME = Pattern.compile("(.+)\\+(\\d+)\\+(\\d+)\\.avro");
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
    private static final long HOUR_MS = 3_600_000L;

    /** A lake file's name, parsed. */
    public record Name(String topic, int partition, long startOffset) {
    }

    private LakeFiles() {
    }

    /** @return the hour bucket (hours since the epoch, UTC) of an instant */
    public static long hourBucket(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), HOUR_MS);
    }

    /** @return {@code <root>/topic=<t>} */
    public static Path topicDir(Path root, String topic) {
        return root.resolve("topic=" + topic);
    }

    /** @return {@code <root>/topic=<t>/dt=YYYY-MM-DD/hour=HH} for the event time {@code t} (UTC) */
    public static Path hourDir(Path root, String topic, Instant t) {
        return topicDir(root, topic).resolve("dt=" + DT.format(t)).resolve("hour=" + HOUR.format(t));
    }

    /** @return {@code <t>+<partition>+<start, 20 digits>.avro} */
    public static String fileName(String topic, int partition, long startOffset) {
        return String.format("%s+%d+%020d.avro", topic, partition, startOffset);
    }

    /** @return the parsed name, if {@code file} is named like a lake file */
    public static Optional<Name> parse(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Name(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
    }

    /** @return every committed lake file of {@code topic} (temp files excluded) */
    public static List<Path> list(Path root, String topic) throws IOException {
        Path dir = topicDir(root, topic);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        return walk(dir, p -> !p.getFileName().toString().startsWith(".") && parse(p).isPresent());
    }

    /** @return leftover temp files under the topic's folder (an interrupted write) */
    public static List<Path> listTemp(Path root, String topic) throws IOException {
        Path dir = topicDir(root, topic);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        return walk(dir, p -> p.getFileName().toString().endsWith(TEMP_SUFFIX));
    }

    /**
     * The files under {@code dir} (topic/dt/hour) that {@code keep} accepts, sorted. A sink may be writing
     * meanwhile: a temp file renamed or removed between listing its folder and reading its attributes is
     * simply no longer there (Files.walk would fail the whole listing with NoSuchFileException).
     */
    private static List<Path> walk(Path dir, java.util.function.Predicate<Path> keep) throws IOException {
        List<Path> found = new java.util.ArrayList<>();
        Files.walkFileTree(dir, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), 3,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult visitFile(Path file,
                            java.nio.file.attribute.BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && keep.test(file)) {
                            found.add(file);
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof java.nio.file.NoSuchFileException) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        found.sort(null);
        return found;
    }

    /**
     * Writes {@code events} to {@code target} atomically: temp file, fsync, rename, fsync of the folder.
     *
     * @param beforeRename called after the data is durable and before it becomes visible (may throw to abort)
     */
    public static void write(Path target, List<NoteEvent> events, Map<String, String> meta, String codec,
                             Runnable beforeRename) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // a temp name of its own: a fenced zombie writing the same target must never write into this file
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + TEMP_SUFFIX);
        try (DataFileWriter<NoteEvent> writer = new DataFileWriter<>(new SpecificDatumWriter<>(NoteEvent.class));
             FileOutputStream out = new FileOutputStream(temp.toFile())) {
            writer.setCodec(CodecFactory.fromString(codec));
            meta.forEach(writer::setMeta);
            writer.create(NoteEvent.getClassSchema(), out);
            for (NoteEvent e : events) {
                writer.append(e);
            }
            writer.flush();
            out.getFD().sync();
        }
        beforeRename.run();
        publish(temp, target, meta);
        syncDir(dir);
    }

    /**
     * Makes the temp file visible as {@code target}. A target that does not exist is created by a hard link, which
     * fails rather than replace a file written meanwhile; an existing target is replaced only by a file covering
     * more offsets (a zombie's or a re-run's file covering as many or fewer is refused).
     *
     * @throws io.notespipeline.consumer.SinkFencedException when the existing file covers at least as much
     */
    private static void publish(Path temp, Path target, Map<String, String> meta) throws IOException {
        try {
            Files.createLink(target, temp);
            Files.delete(temp);
            return;
        } catch (FileAlreadyExistsException e) {
            // decided below
        } catch (UnsupportedOperationException e) {
            if (!Files.exists(target)) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
        }
        replaceIfLonger(temp, target, Long.parseLong(meta.getOrDefault(META_END, "-1")));
    }

    /**
     * Check and replace under one lock, so that no other writer (a thread of this JVM, or another process on the
     * same folder) can publish a longer file between the check and the move. Replacing is rare (a re-run after a
     * crash), so one monitor per JVM plus an OS lock on the folder's hidden lock file costs nothing on the hot path.
     */
    private static void replaceIfLonger(Path temp, Path target, long newEnd) throws IOException {
        synchronized (LakeFiles.class) {
            try (FileChannel lock = FileChannel.open(target.resolveSibling(REPLACE_LOCK),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 java.nio.channels.FileLock held = lock.lock()) {
                String existing = meta(target).get(META_END);
                long existingEnd = existing == null ? -1 : Long.parseLong(existing);
                if (existingEnd >= newEnd) {
                    Files.deleteIfExists(temp);
                    throw new io.notespipeline.consumer.SinkFencedException("lake file " + target
                            + " already covers offsets up to " + existingEnd + "; refusing to replace it with one up to "
                            + newEnd);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** @return the visible lake file a temp file of {@link #write} was going to become */
    public static Path visibleOf(Path temp) {
        String name = temp.getFileName().toString();
        int avro = name.lastIndexOf(".avro.");
        String visible = avro > 0 ? name.substring(1, avro + ".avro".length())
                : name.substring(1, name.length() - TEMP_SUFFIX.length()); // a temp of an earlier version
        return temp.resolveSibling(visible);
    }

    /** Forces a folder's entries (a rename) to disk. */
    public static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }

    /** @return the file's metadata entries of this module ({@code notes.*}) */
    public static Map<String, String> meta(Path file) throws IOException {
        try (DataFileReader<NoteEvent> reader = new DataFileReader<>(file.toFile(),
                new SpecificDatumReader<>(NoteEvent.class))) {
            Map<String, String> meta = new HashMap<>();
            for (String key : List.of(META_TOPIC, META_PARTITION, META_START, META_END, META_AUDIT)) {
                String v = reader.getMetaString(key);
                if (v != null) {
                    meta.put(key, v);
                }
            }
            return meta;
        }
    }

    /** @return every event of a lake file, in file order */
    public static List<NoteEvent> read(Path file) throws IOException {
        List<NoteEvent> events = new ArrayList<>();
        try (DataFileReader<NoteEvent> reader = new DataFileReader<>(file.toFile(),
                new SpecificDatumReader<>(NoteEvent.class))) {
            while (reader.hasNext()) {
                events.add(reader.next());
            }
        }
        return events;
    }
}
