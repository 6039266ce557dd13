package io.notespipeline.schemas.registry;

import io.notespipeline.schemas.NotesSchemaException;

/**
 * A registry call that failed, with the Confluent error code the registry answered
 * (40401 subject not found, 40403 schema not found, 409 incompatible, 42201 invalid schema, ...)
 * or {@link #CLIENT_ERROR} when the call did not get an answer.
 */
public class SchemaRegistryException extends NotesSchemaException {
    private static final long serialVersionUID = 1L;

    /** Error code of a failure on the client side (connection refused, unreadable answer). */
    public static final int CLIENT_ERROR = -1;

    private final int errorCode;

    public SchemaRegistryException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** @return the Confluent error code, e.g. 40401, or {@link #CLIENT_ERROR} */
    public int errorCode() {
        return errorCode;
    }

    /** @return true when the registry said the subject, version or schema does not exist (404xx). */
    public boolean isNotFound() {
        return errorCode / 100 == 404;
    }
}
