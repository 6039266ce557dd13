package io.notespipeline.streams.internal;

import java.util.Map;

import io.notespipeline.schemas.http.ErrorCode;
import io.notespipeline.streams.NotesStreamsException;

/** A request the query API answers with an error (bad parameter, ...); its exception handler writes it. */
public final class ApiException extends NotesStreamsException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> extra;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, Object> extra) {
        super(message);
        this.code = code;
        this.extra = Map.copyOf(extra);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
