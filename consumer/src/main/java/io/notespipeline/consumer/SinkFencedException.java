package io.notespipeline.consumer;

/**
 * A write refused because another instance claimed the partition since (a newer epoch), or because it would move
 * the stored offsets, or a lake file's covered range, backwards. Nothing of the write is kept; the runner rewinds
 * to what is stored and, if the partition is really gone, the next rebalance takes it away.
 */
public final class SinkFencedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SinkFencedException(String message) {
        super(message);
    }
}
