package io.notespipeline.producer;

/**
 * The publisher's queue of batches is full: the batch was refused before it was queued, nothing was written.
 * Retry later (the REST API answers 429 with {@code Retry-After}).
 */
public class PublisherBusyException extends PublisherUnavailableException {
    private static final long serialVersionUID = 1L;

    public PublisherBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
