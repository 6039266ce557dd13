package io.notespipeline.streams.internal;

import java.util.Map;

import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.ErrorCode;

/** An HTTP answer: status, JSON body, extra headers. */
public record Reply(int status, String body, Map<String, String> headers) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply ok(Object json) {
        return new Reply(200, Json.write(json), Map.of());
    }

    /** @return an error answer; {@code extra} are further top-level fields of the body (e.g. {@code position}) */
    public static Reply error(ErrorCode code, String message, Map<String, Object> extra) {
        return error(ErrorBody.of(code, message).withExtra(extra), Map.of());
    }

    public static Reply error(ErrorBody body, Map<String, String> headers) {
        return new Reply(body.httpStatus(), body.toJson(), headers);
    }
}
