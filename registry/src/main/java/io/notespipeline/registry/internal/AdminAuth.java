package io.notespipeline.registry.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.notespipeline.registry.RegistryException;

/**
 * Writes need a token with the admin role, as {@code Authorization: Bearer T} or HTTP Basic with
 * password {@code T} (any user), as Confluent clients send. Reads are open. No tokens configured:
 * every write is refused, unless writes were opened explicitly ({@code registry.writes.open}); an
 * empty token list never means "open".
 */
final class AdminAuth {

    private final List<byte[]> tokens;
    private final boolean open;

    /** @param open true: writes need no token (only when asked for explicitly, never because {@code tokens} is empty) */
    AdminAuth(List<String> tokens, boolean open) {
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        this.open = open;
    }

    /** @return true when writes need no token */
    boolean open() {
        return open;
    }

    /** @return true when no token is configured and writes are not open: every write is refused */
    boolean closed() {
        return !open && tokens.isEmpty();
    }

    /** @return {@code handler}, run only for a request that carries an admin token */
    Handler admin(Handler handler) {
        return ctx -> {
            requireAdmin(ctx);
            handler.handle(ctx);
        };
    }

    void requireAdmin(Context ctx) {
        if (open) {
            return;
        }
        if (tokens.isEmpty()) {
            throw RegistryException.forbidden("writes are refused: no admin token is configured ("
                    + io.notespipeline.registry.RegistryConfig.ADMIN_TOKENS_CONFIG + " is empty and "
                    + io.notespipeline.registry.RegistryConfig.WRITES_OPEN_CONFIG + " is false)");
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw RegistryException.unauthorized("this write needs an admin token (Bearer or Basic auth)");
        }
        String presented = presented(header.trim());
        if (presented == null || !known(presented.getBytes(StandardCharsets.UTF_8))) {
            throw RegistryException.unauthorized("the token does not have the admin role");
        }
    }

    private static String presented(String header) {
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private boolean known(byte[] presented) {
        boolean match = false;
        for (byte[] token : tokens) {
            match |= MessageDigest.isEqual(token, presented);
        }
        return match;
    }
}
