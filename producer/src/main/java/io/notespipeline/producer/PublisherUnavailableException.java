package io.notespipeline.producer;

/** Kafka could not be reached in time; nothing was written (an atomic batch was aborted). Retry later. */
public class PublisherUnavailableException extends ProducerException {
    private static final long serialVersionUID = 1L;

    public PublisherUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
