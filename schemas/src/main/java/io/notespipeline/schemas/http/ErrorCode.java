package io.notespipeline.schemas.http;

/**
 * The {@code error_code}s of the notes APIs (producer, query, audit, the app's auth), in the registry's
 * Confluent-style scheme: HTTP status × 100 + n, so {@code error_code / 100} is the status.
 * <ul>
 *   <li>{@code xx00}: the status itself, with nothing more specific to say (an unknown route: 40400, a bug: 50000).</li>
 *   <li>{@code xx01}–{@code xx49}: Confluent's codes, answered by the registry (40401 subject not found, ...,
 *       see {@code RegistryException}); the notes APIs reuse one only with the same meaning
 *       ({@link #UNAUTHORIZED}, {@link #FORBIDDEN}).</li>
 *   <li>{@code xx50}–{@code xx99}: the notes APIs' own codes, below.</li>
 * </ul>
 * The exceptions to status × 100 + n are the registry's bare-status codes, which Confluent answers too (409
 * incompatible schema, 400 malformed JSON, and 404 / 405 / 500 for an unknown route, a wrong method, a bug).
 * The table is in {@code docs/errors.md}.
 */
public enum ErrorCode {
    /** 400: the body is not well-formed JSON (or cannot be read). */
    MALFORMED_JSON(40050),
    /** 400: a query or path parameter is missing or invalid (a number out of range, a bad time or token). */
    INVALID_PARAMETER(40051),
    /** 401: no credentials, or unknown ones (also the registry's). */
    UNAUTHORIZED(40101),
    /** 403: the credentials do not allow this request. */
    FORBIDDEN(40301),
    /** 404: no such route. */
    NOT_FOUND(40400),
    /** 404: the talk does not exist (or did not at the time asked). */
    TALK_NOT_FOUND(40450),
    /**
     * 409: the events are written, but the views rejected them ({@code ?wait=applied}): {@code errors} gives each
     * rejected event's reason (e.g. {@code STALE_REVISION}), {@code outcomes} every event's.
     */
    REJECTED(40950),
    /** 413: the body is larger than the API takes. */
    BODY_TOO_LARGE(41350),
    /** 415: the body is not of the content type the API takes. */
    UNSUPPORTED_MEDIA_TYPE(41550),
    /** 422: events break the rules; {@code errors} names each one. Nothing was written. */
    INVALID_EVENTS(42250),
    /** 429: the producer's queue is full; nothing was queued or written; {@code Retry-After} says when to retry. */
    BUSY(42950),
    /** 500: an unexpected failure (a bug, or a dependency failing in an unexpected way). */
    INTERNAL_ERROR(50000),
    /** 503: a dependency (Kafka, a state store) cannot answer now; {@code Retry-After} says when to retry. */
    UNAVAILABLE(50350),
    /** 504: the answer was waited for too long (a read-your-writes position not reached in time). */
    TIMEOUT(50450),
    /**
     * 504: the write may or may not have happened (a commit without answer, a delivery that timed out after
     * being sent); retry with the same eventIds, the idempotency key.
     */
    OUTCOME_UNKNOWN(50451);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** @return the {@code error_code}, e.g. 42250 */
    public int code() {
        return code;
    }

    /** @return the HTTP status, e.g. 422 */
    public int httpStatus() {
        return code / 100;
    }

    /** @return the generic {@code error_code} of an HTTP status (status × 100), e.g. 40500 for 405 */
    public static int generic(int httpStatus) {
        return httpStatus * 100;
    }

    /** @return the HTTP status of an {@code error_code} of this scheme or Confluent's (a bare status is itself) */
    public static int httpStatusOf(int errorCode) {
        return errorCode < 1000 ? errorCode : errorCode / 100;
    }
}
