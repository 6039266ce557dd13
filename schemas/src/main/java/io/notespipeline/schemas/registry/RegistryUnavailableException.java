package io.notespipeline.schemas.registry;

/**
 * The registry could not answer: no connection, a timeout, or a 5xx answer. Unlike a 404 (the registry
 * answered that the schema does not exist) this says nothing about the record being read: callers retry
 * with backoff and must not dead-letter or skip the record.
 */
public class RegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(int errorCode, String message) {
        super(errorCode, message);
    }

    public RegistryUnavailableException(int errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }

    /** @return true when {@code t} or one of its causes is a {@link RegistryUnavailableException} */
    public static boolean isCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
