package io.notespipeline.registry.internal;

import java.io.IOException;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.javalin.http.HandlerType;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The clients' hot path, {@code GET /schemas/ids/{id}} for a known id, answered in Jetty before Javalin's
 * servlet: the bytes were written once when the schema was registered, the lookup is a lock-free map read,
 * and nothing else is built per request (no Javalin context, route match, result stream copy or answer
 * logging). Everything else (an unknown id, which first catches up with the log, a trailing slash, another
 * method, a server that refuses to serve) falls through to the Javalin route, which answers it as before.
 * The bench's static baseline routes are answered here too, so both measure the same layers.
 */
final class ByIdHandler extends HandlerWrapper {

    private static final String PREFIX = "/schemas/ids/";

    private final IntFunction<byte[]> byId;
    private final Supplier<RuntimeException> refusal;
    private final Map<String, Supplier<byte[]>> staticRoutes;

    /**
     * @param byId         the answer of a known id, or null
     * @param refusal      why the server refuses to serve, or null while it serves
     * @param staticRoutes bench baselines: path to the bytes it answers
     */
    ByIdHandler(IntFunction<byte[]> byId, Supplier<RuntimeException> refusal, Map<String, Supplier<byte[]>> staticRoutes) {
        this.byId = byId;
        this.refusal = refusal;
        this.staticRoutes = Map.copyOf(staticRoutes);
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        byte[] answer = HandlerType.GET.name().equals(request.getMethod()) && refusal.get() == null ? answer(target) : null;
        if (answer == null) {
            super.handle(target, baseRequest, request, response);
            return;
        }
        baseRequest.setHandled(true);
        response.setStatus(200);
        response.setContentType(Http.responseType(request.getHeader("Accept")));
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    private byte[] answer(String target) {
        if (!target.startsWith(PREFIX)) {
            Supplier<byte[]> fixed = staticRoutes.isEmpty() ? null : staticRoutes.get(target);
            return fixed == null ? null : fixed.get();
        }
        int id = 0;
        int length = target.length();
        if (length == PREFIX.length() || length > PREFIX.length() + 9) {
            return null;
        }
        for (int i = PREFIX.length(); i < length; i++) {
            char c = target.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            id = id * 10 + (c - '0');
        }
        return byId.apply(id);
    }
}
