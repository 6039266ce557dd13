package io.notespipeline.producer;

/**
 * Root unchecked exception of the producer module (publisher, REST API, Markdown importer). It carries
 * the talk it concerns when there is one.
 */
public class ProducerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String talkId;

    public ProducerException(String message) {
        this(message, null, null);
    }

    public ProducerException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public ProducerException(String message, String talkId, Throwable cause) {
        super(message, cause);
        this.talkId = talkId;
    }

    /** @return the talk this error concerns, or null. */
    public String talkId() {
        return talkId;
    }
}
