package io.notespipeline.consumer;

/**
 * Root unchecked exception of the consumer module (sinks, dead letters, lake, warehouse, replay).
 * Carries the topic, partition and offset when they are known.
 */
public class NotesSinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long offset;

    public NotesSinkException(String message) {
        this(message, null);
    }

    public NotesSinkException(String message, Throwable cause) {
        this(message, cause, null, -1, -1);
    }

    /** @param topic, partition, offset the record the failure is about */
    public NotesSinkException(String message, Throwable cause, String topic, int partition, long offset) {
        super(topic == null ? message : message + " (topic=" + topic + " partition=" + partition + " offset=" + offset + ")",
                cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** @return the topic of the record concerned, or null */
    public String topic() {
        return topic;
    }

    /** @return the partition of the record concerned, or -1 */
    public int partition() {
        return partition;
    }

    /** @return the offset of the record concerned, or -1 */
    public long offset() {
        return offset;
    }
}
