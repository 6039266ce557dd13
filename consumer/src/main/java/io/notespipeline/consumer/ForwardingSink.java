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
 * A {@link Sink} that hands every call to another one: extend it to decorate a sink (metrics, a fault for a
 * test) by overriding only what changes, so no call of the contract (claim, flush, revoked, abort…) is
 * silently left to the interface's default instead of reaching the real sink.
 */
public abstract class ForwardingSink implements Sink {

    private final Sink delegate;

    protected ForwardingSink(Sink delegate) {
        this.delegate = delegate;
    }

    /** @return the sink every call goes to */
    protected final Sink delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<String> topics() {
        return delegate.topics();
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) {
        return delegate.storedOffsets(partitions);
    }

    @Override
    public Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions) {
        return delegate.claim(partitions);
    }

    @Override
    public void write(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets) {
        delegate.write(records, nextOffsets);
    }

    @Override
    public Optional<AuditCounter> auditCounter() {
        return delegate.auditCounter();
    }

    @Override
    public void maybeFlush(Instant now) {
        delegate.maybeFlush(now);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        delegate.revoked(partitions);
    }

    @Override
    public void discard() {
        delegate.discard();
    }

    @Override
    public void abort() {
        delegate.abort();
    }

    @Override
    public Optional<String> probe() {
        return delegate.probe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
