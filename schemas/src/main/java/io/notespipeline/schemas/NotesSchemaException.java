package io.notespipeline.schemas;

/** Root unchecked exception of the schemas module: schemas, serdes, the catalogue and the registry client. */
public class NotesSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotesSchemaException(String message) {
        super(message);
    }

    public NotesSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
