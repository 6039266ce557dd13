package io.notespipeline.producer;

/**
 * Per-call settings of {@link NotePublisher}.
 *
 * @param pathTalkId    the talk the caller addressed (e.g. the REST path): every event's talkId must equal
 *                      it; null for no such rule
 * @param correlationId the correlation id of events that carry none; null generates one per call
 * @param progress      told how far an atomic batch has got
 */
public record PublishOptions(String pathTalkId, String correlationId, BatchProgress progress) {

    public PublishOptions {
        progress = progress == null ? BatchProgress.NONE : progress;
    }

    /** @return no addressed talk, a generated correlation id, no progress. */
    public static PublishOptions none() {
        return new PublishOptions(null, null, BatchProgress.NONE);
    }

    public PublishOptions withPathTalkId(String talkId) {
        return new PublishOptions(talkId, correlationId, progress);
    }

    public PublishOptions withCorrelationId(String id) {
        return new PublishOptions(pathTalkId, id, progress);
    }

    public PublishOptions withProgress(BatchProgress listener) {
        return new PublishOptions(pathTalkId, correlationId, listener);
    }
}
