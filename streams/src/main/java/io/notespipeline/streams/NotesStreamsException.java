package io.notespipeline.streams;

/** Root unchecked exception of the streams module; its message names the talk, topic, partition or store at fault. */
public class NotesStreamsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotesStreamsException(String message) {
        super(message);
    }

    public NotesStreamsException(String message, Throwable cause) {
        super(message, cause);
    }
}
