package io.notespipeline.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.notespipeline.consumer.internal.LakeAudit;
import io.notespipeline.consumer.internal.LakeFiles;
import io.notespipeline.consumer.internal.PartitionBuffer;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.audit.AuditCounter;
import io.notespipeline.schemas.audit.AuditKeys;
import io.notespipeline.schemas.avro.NoteEvent;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive sink: note events as Avro container files at
 * {@code <lake>/topic=<t>/dt=YYYY-MM-DD/hour=HH/<t>+<partition>+<startOffset>.avro}, partitioned by
 * the event's {@code occurredAt} in UTC. A partition has at most one open file, committed (temp file,
 * fsync, atomic rename) when it reaches the record count, would cross an hour or the event-time
 * span, has been idle, or on shutdown and rebalance. Each file's metadata holds the offset range it
 * covers and its events' count per occurredAt bucket (the lake tier's audit counts, recomputed from the files
 * when partitions are assigned), so the next offset is recovered from the files themselves and a re-run writes the same names.
 */
public final class LakeSink implements Sink {

    /** The sink's name; its consumer group is {@code <prefix>-lake}. */
    public static final String NAME = "lake";

    private static final Logger log = LoggerFactory.getLogger(LakeSink.class);

    private final Path root;
    private final String topic;
    private final int rotateRecords;
    private final long rotateSpanMs;
    private final long idleFlushNanos;
    private final String codec;
    private final Map<Integer, PartitionBuffer> buffers = new HashMap<>();
    private volatile boolean aborted;
    private final long auditBucketMs;
    private final AuditCounter counter;

    /** A lake sink of the default catalogue's events topic, counting per bucket of the default length. */
    public LakeSink(SinksConfig config) {
        this(config, TopicCatalog.withDefaults());
    }

    /**
     * @param config  the lake folder, rotation and idle flush settings
     * @param catalog the events topic and the length of an audit bucket ({@code topics.audit.bucket.ms})
     */
    public LakeSink(SinksConfig config, TopicCatalog catalog) {
        long auditBucketMs = catalog.config().auditBucketMs();
        this.root = config.lakeDir();
        this.topic = catalog.events().name();
        this.rotateRecords = config.lakeRotateRecords();
        this.rotateSpanMs = config.lakeRotateSpanMs();
        this.idleFlushNanos = TimeUnit.MILLISECONDS.toNanos(config.lakeIdleFlushMs());
        this.codec = config.lakeCodec();
        this.auditBucketMs = auditBucketMs;
        this.counter = new AuditCounter(AuditKeys.LAKE, "", auditBucketMs);
    }

    /** @return the counts of the owned partitions' committed files, recomputed from the files on assignment */
    @Override
    public Optional<AuditCounter> auditCounter() {
        return Optional.of(counter);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> topics() {
        return Set.of(topic);
    }

    /** @return the lake's root folder */
    public Path root() {
        return root;
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) {
        try {
            removeTempFiles(partitions);
            Map<Integer, Long> fromFiles = new HashMap<>();
            Set<Integer> owned = new HashSet<>();
            partitions.forEach(tp -> owned.add(tp.partition()));
            Map<Integer, Map<Long, Long>> counts = new HashMap<>();
            for (Path file : LakeFiles.list(root, topic)) {
                LakeFiles.Name name = LakeFiles.parse(file).orElseThrow();
                if (!name.topic().equals(topic)) {
                    continue;
                }
                Map<String, String> meta = LakeFiles.meta(file);
                if (owned.contains(name.partition())) {
                    LakeAudit.countsOf(file, meta, auditBucketMs).forEach((bucket, n) -> counts
                            .computeIfAbsent(name.partition(), p -> new HashMap<>()).merge(bucket, n, Long::sum));
                }
                String end = meta.get(LakeFiles.META_END);
                if (end == null) {
                    log.warn("Lake file without offset metadata, ignored for recovery file={}", file);
                    continue;
                }
                fromFiles.merge(name.partition(), Long.parseLong(end) + 1, Math::max);
            }
            Map<TopicPartition, Long> result = new HashMap<>();
            for (TopicPartition tp : partitions) {
                Long next = fromFiles.get(tp.partition());
                if (next != null && tp.topic().equals(topic)) {
                    result.put(tp, next);
                    counter.committedOffset(topic, tp.partition(), next);
                }
            }
            counts.forEach((partition, buckets) -> buckets.forEach((bucket, n) ->
                    counter.set(topic, partition, bucket, n)));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lake offsets under " + root, e);
        }
    }

    /** Deletes temp files of interrupted writes of the given partitions (now owned by this sink). */
    private void removeTempFiles(Collection<TopicPartition> partitions) throws IOException {
        for (Path temp : LakeFiles.listTemp(root, topic)) {
            Path visible = LakeFiles.visibleOf(temp);
            boolean owned = LakeFiles.parse(visible)
                    .map(n -> partitions.contains(new TopicPartition(n.topic(), n.partition()))).orElse(false);
            if (owned) {
                log.info("Removing interrupted lake write file={}", temp);
                Files.deleteIfExists(temp);
            }
        }
    }

    @Override
    public void write(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets) {
        long now = System.nanoTime();
        for (SinkRecord r : records) {
            NoteEvent event = (NoteEvent) r.value();
            PartitionBuffer buffer = buffers.computeIfAbsent(r.partition(), PartitionBuffer::new);
            if (buffer.mustRotateBefore(event, rotateSpanMs)) {
                commit(buffer, r.offset() - 1);
            }
            buffer.add(r.offset(), event, now);
            if (buffer.size() >= rotateRecords) {
                commit(buffer, r.offset());
            }
        }
        nextOffsets.forEach((tp, next) -> {
            if (tp.topic().equals(topic)) {
                buffers.computeIfAbsent(tp.partition(), PartitionBuffer::new).nextOffset(next);
            }
        });
    }

    @Override
    public void maybeFlush(Instant now) {
        long nanos = System.nanoTime();
        for (PartitionBuffer b : buffers.values()) {
            if (!b.isEmpty() && nanos - b.lastAppendNanos() >= idleFlushNanos) {
                commit(b, b.nextOffset() - 1);
            }
        }
    }

    @Override
    public void flush() {
        for (PartitionBuffer b : buffers.values()) {
            if (!b.isEmpty()) {
                commit(b, b.nextOffset() - 1);
            }
        }
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionBuffer b = buffers.remove(tp.partition());
            if (b != null && !b.isEmpty() && tp.topic().equals(topic)) {
                commit(b, b.nextOffset() - 1);
            }
        }
    }

    @Override
    public void discard() {
        buffers.clear();
    }

    @Override
    public void abort() {
        aborted = true;
    }

    /** The lake's root folder exists (or can be created) and is writable. */
    @Override
    public Optional<String> probe() {
        try {
            Files.createDirectories(root);
            return Files.isWritable(root) ? Optional.empty() : Optional.of("lake folder " + root + " is not writable");
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.of("lake folder " + root + " unusable: " + e);
        }
    }

    @Override
    public void close() {
        buffers.clear();
    }

    private void commit(PartitionBuffer b, long endOffset) {
        NoteEvent first = b.events().get(0);
        Path target = LakeFiles.hourDir(root, topic, first.getOccurredAt())
                .resolve(LakeFiles.fileName(topic, b.partition(), b.startOffset()));
        Map<Long, Long> counts = LakeAudit.tally(b.events(), auditBucketMs);
        Map<String, String> meta = Map.of(
                LakeFiles.META_TOPIC, topic,
                LakeFiles.META_PARTITION, String.valueOf(b.partition()),
                LakeFiles.META_START, String.valueOf(b.startOffset()),
                LakeFiles.META_END, String.valueOf(endOffset),
                LakeFiles.META_AUDIT, LakeAudit.encode(counts, auditBucketMs));
        try {
            LakeFiles.write(target, b.events(), meta, codec, this::checkNotAborted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write lake file " + target, e);
        }
        counts.forEach((bucket, n) -> counter.add(topic, b.partition(), bucket, n));
        counter.committedOffset(topic, b.partition(), endOffset + 1);
        log.debug("Committed lake file={} records={} start={} end={}", target, b.size(), b.startOffset(), endOffset);
        b.clear();
    }

    private void checkNotAborted() {
        if (aborted || Thread.currentThread().isInterrupted()) {
            throw new NotesSinkException("lake sink aborted before rename");
        }
    }
}
