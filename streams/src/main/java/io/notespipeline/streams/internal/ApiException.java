package io.notespipeline.streams.internal;

import java.util.Map;

import io.notespipeline.streams.NotesStreamsException;

/** A request the query API answers with an error status (bad parameter, ...). */
public final class ApiException extends NotesStreamsException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, Object> extra;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, Object> extra) {
        super(message);
        this.status = status;
        this.extra = Map.copyOf(extra);
    }

    public int status() {
        return status;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
