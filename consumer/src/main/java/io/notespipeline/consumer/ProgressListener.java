package io.notespipeline.consumer;

/** Receives progress of a long job (replay, compaction) so the CLI can draw a progress bar. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * @param stage what is being done, e.g. {@code "events from lake"}
     * @param done  units done so far
     * @param total units in all, or -1 when unknown
     */
    void progress(String stage, long done, long total);
}
