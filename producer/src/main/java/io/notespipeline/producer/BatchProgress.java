package io.notespipeline.producer;

/**
 * Told how far an atomic batch has got (e.g. to draw a progress bar for a long import). Called from the
 * Kafka producer's I/O thread: keep it quick and never block.
 */
@FunctionalInterface
public interface BatchProgress {

    /** Ignores progress. */
    BatchProgress NONE = (acked, total) -> { };

    /**
     * @param acked events the broker has acknowledged so far (still invisible to read_committed readers
     *              until the batch commits)
     * @param total events in the batch
     */
    void onProgress(int acked, int total);
}
