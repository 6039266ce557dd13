package io.notespipeline.producer;

/**
 * Publishing failed in a way that does not tell whether the events were written: the commit of a batch was
 * asked for but its answer never came, or a single event's delivery timed out after it may have reached the
 * broker. Retrying with the same {@code eventId}s is safe: they are the idempotency key, so the views and the
 * warehouse apply a retried event once.
 */
public class OutcomeUnknownException extends ProducerException {
    private static final long serialVersionUID = 1L;

    public OutcomeUnknownException(String message, String talkId, Throwable cause) {
        super(message, talkId, cause);
    }
}
