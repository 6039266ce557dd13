package io.notespipeline.producer;

/**
 * Per-call settings of {@link NotePublisher}.
 *
 * @param pathTalkId    the talk the caller addressed (e.g. the REST path): every event's talkId must equal
 *                      it; null for no such rule
 * @param correlationId the correlation id of events that carry none; null generates one per call
 * @param progress      told how far an atomic batch has got
 * @param interactive   the caller waits for this one event before it sends another (an HTTP request): a
 *                      {@link NotePublisher#publish} is sent through the publisher's producer for lone events,
 *                      where the events of concurrent callers share produce requests (see {@link #withInteractive()})
 */
public record PublishOptions(String pathTalkId, String correlationId, BatchProgress progress, boolean interactive) {

    public PublishOptions {
        progress = progress == null ? BatchProgress.NONE : progress;
    }

    /** @return no addressed talk, a generated correlation id, no progress, not interactive. */
    public static PublishOptions none() {
        return new PublishOptions(null, null, BatchProgress.NONE, false);
    }

    public PublishOptions withPathTalkId(String talkId) {
        return new PublishOptions(talkId, correlationId, progress, interactive);
    }

    public PublishOptions withCorrelationId(String id) {
        return new PublishOptions(pathTalkId, id, progress, interactive);
    }

    public PublishOptions withProgress(BatchProgress listener) {
        return new PublishOptions(pathTalkId, correlationId, listener, interactive);
    }

    /**
     * Marks a single event whose caller waits for it (the REST API's one-event requests). Such events go through
     * a second idempotent producer ({@code acks=all}, same timeouts) with one produce request in flight and no
     * compression: while a request is out, the events of all concurrent callers gather into the next one, instead
     * of five requests of about three records each, every record in a compressed batch of its own (bench row 3:
     * the broker's per-request work was most of the CPU). A stream of events from one thread is faster without
     * it. Events sent with and without it are not ordered with respect to each other.
     */
    public PublishOptions withInteractive() {
        return new PublishOptions(pathTalkId, correlationId, progress, true);
    }
}
