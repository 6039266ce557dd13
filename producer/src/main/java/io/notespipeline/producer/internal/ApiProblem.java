package io.notespipeline.producer.internal;

import java.util.List;

import io.notespipeline.producer.ProducerException;
import io.notespipeline.schemas.contract.Violation;
import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;

/** An HTTP error answer raised inside a handler; the API's exception handler writes it. */
public final class ApiProblem extends ProducerException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorBody error;
    private final int retryAfterSeconds;

    public ApiProblem(ErrorBody error, int retryAfterSeconds) {
        super(error.message());
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiProblem(ErrorCode code, String message) {
        this(ErrorBody.of(code, message), 0);
    }

    /** @return a 422 naming each violation */
    public static ApiProblem invalid(String message, List<Violation> violations) {
        return new ApiProblem(ErrorBody.of(ErrorCode.INVALID_EVENTS, message).withErrors(violations.stream()
                .map(v -> new ErrorBody.Item(v.index(), v.field(), v.rule(), v.reason())).toList()), 0);
    }

    public ErrorBody error() {
        return error;
    }

    /** @return seconds for a Retry-After header, 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
