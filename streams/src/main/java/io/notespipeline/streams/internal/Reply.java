package io.notespipeline.streams.internal;

import java.util.Map;

/** An HTTP answer: status, JSON body, extra headers. */
public record Reply(int status, String body, Map<String, String> headers) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply ok(Object json) {
        return new Reply(200, Json.write(json), Map.of());
    }

    public static Reply error(int status, String message, Map<String, Object> extra) {
        return new Reply(status, Json.error(status, message, extra), Map.of());
    }
}
