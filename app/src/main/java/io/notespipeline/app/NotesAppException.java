package io.notespipeline.app;

/** A {@code notes} command cannot do what was asked; the message is the one line the user sees. */
public class NotesAppException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotesAppException(String message) {
        super(message);
    }

    public NotesAppException(String message, Throwable cause) {
        super(message, cause);
    }
}
