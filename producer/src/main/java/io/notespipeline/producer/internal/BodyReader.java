package io.notespipeline.producer.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import io.notespipeline.schemas.http.ErrorCode;

/** Reads a request body of at most a given size, refusing the wrong content type (415) or a larger body (413). */
public final class BodyReader {

    private BodyReader() {
    }

    /**
     * @param type     the request's Content-Type header, or null
     * @param declared its Content-Length, -1 when not given
     * @return the body's bytes
     */
    public static byte[] read(String type, long declared, InputStream body, int maxBytes) {
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiProblem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json, got "
                    + (type == null ? "none" : "'" + clip(type) + "'"));
        }
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        try (InputStream in = body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), maxBytes));
            byte[] buffer = new byte[(int) Math.min(8192, Math.max(declared + 1, 256))];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ApiProblem(ErrorCode.MALFORMED_JSON, "cannot read the request body: " + e.getMessage());
        }
    }

    private static ApiProblem tooLarge(int maxBytes) {
        return new ApiProblem(ErrorCode.BODY_TOO_LARGE, "request body larger than " + maxBytes + " bytes");
    }

    private static String clip(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
