package io.notespipeline.consumer;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.notespipeline.schemas.audit.AuditCounter;

import org.apache.kafka.common.TopicPartition;

/**
 * A destination driven by {@link SinkRunner}. A sink stores the next offset of every partition it
 * consumed <em>in its own storage, in the same atomic step as the data</em>, so that the runner
 * can seek to them after a restart: at-least-once delivery plus idempotent writes give an
 * exactly-once effect. Called from the runner's thread only, except {@link #abort()}.
 */
public interface Sink extends AutoCloseable {

    /** @return a short name ({@code warehouse}, {@code lake}), used in logs and the consumer group id */
    String name();

    /** @return the topics the sink consumes */
    Set<String> topics();

    /** @return the stored next offset of each of {@code partitions} that has one (absent: from the beginning) */
    Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions);

    /**
     * The partitions were just assigned to this instance: fence out whoever wrote them before (a sink that stores
     * an epoch bumps it, so a previous owner still running cannot commit any more), then read the stored offsets.
     *
     * @return as {@link #storedOffsets(Collection)}
     */
    default Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions) {
        return storedOffsets(partitions);
    }

    /**
     * Writes a batch. {@code nextOffsets} holds, for every partition the batch came from, the offset
     * after the last record consumed, dead-lettered records included; the sink stores it with the
     * data (now, or when it commits the buffered data).
     */
    void write(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets);

    /**
     * @return the sink's audit counts (what it committed per partition and occurredAt bucket, plus its committed
     *         offsets), kept current by the sink; empty when the sink does not take part in the audit
     */
    default Optional<AuditCounter> auditCounter() {
        return Optional.empty();
    }

    /** Gives a buffering sink the chance to commit on time (idle flush). */
    default void maybeFlush(Instant now) {
    }

    /** Commits everything buffered (graceful shutdown, before a rebalance). */
    default void flush() {
    }

    /** The partitions are going away: commit what is buffered for them and forget them. */
    default void revoked(Collection<TopicPartition> partitions) {
        flush();
    }

    /** Drops everything buffered and not committed (after a failed write, or an abrupt stop). */
    default void discard() {
    }

    /** Abrupt stop, possibly from another thread: a write in progress must fail rather than commit. */
    default void abort() {
    }

    /**
     * A cheap check that the destination answers (a database connection that is valid, a folder that is
     * writable), run by {@link SinkService} on its own thread every {@code sinks.health.probe.ms}, so that
     * {@code /health} sees a destination that went away while no record was coming. Must be thread-safe; may block
     * (up to the destination's own timeouts).
     *
     * @return why the destination cannot be written now, or empty when it can
     */
    default Optional<String> probe() {
        return Optional.empty();
    }

    /** Releases resources without flushing. */
    @Override
    void close();
}
