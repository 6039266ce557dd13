package io.notespipeline.producer.internal;

import io.notespipeline.producer.ApiError;
import io.notespipeline.producer.ProducerException;

/** An HTTP error answer raised inside a handler; the API's exception handler writes it. */
public final class ApiProblem extends ProducerException {
    private static final long serialVersionUID = 1L;

    private final transient ApiError error;
    private final int retryAfterSeconds;

    public ApiProblem(ApiError error, int retryAfterSeconds) {
        super(error.message());
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiProblem(ApiError error) {
        this(error, 0);
    }

    public ApiError error() {
        return error;
    }

    /** @return seconds for a Retry-After header, 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
