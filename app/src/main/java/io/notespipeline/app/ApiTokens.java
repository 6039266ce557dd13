package io.notespipeline.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The API tokens and their roles. A token is never logged and is compared in constant time
 * ({@link MessageDigest#isEqual}). Roles are ordered: admin can do what writer can, writer what reader can.
 */
public final class ApiTokens {

    /** What a token may do. */
    public enum Role {
        READER, WRITER, ADMIN;

        /** @return true when this role may do what {@code needed} allows */
        public boolean covers(Role needed) {
            return ordinal() >= needed.ordinal();
        }
    }

    /** Name of the admin token file `notes up` creates in its data dir on first start. */
    public static final String ADMIN_TOKEN_FILE = "admin.token";

    private record Entry(byte[] token, Role role) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param spec comma-separated {@code role:token} pairs, e.g. {@code reader:abc,writer:def} (may be empty)
     * @param adminToken an extra admin token, or null
     */
    public static ApiTokens parse(String spec, String adminToken) {
        List<Entry> entries = new ArrayList<>();
        if (spec != null && !spec.isBlank()) {
            for (String pair : spec.split(",")) {
                int colon = pair.indexOf(':');
                if (colon <= 0 || colon == pair.length() - 1) {
                    throw new NotesAppException("api tokens must be role:token pairs separated by commas (the token itself is not shown)");
                }
                Role role;
                try {
                    role = Role.valueOf(pair.substring(0, colon).trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new NotesAppException("unknown api token role '" + pair.substring(0, colon).trim()
                            + "' (reader, writer or admin)", e);
                }
                entries.add(new Entry(pair.substring(colon + 1).trim().getBytes(StandardCharsets.UTF_8), role));
            }
        }
        if (adminToken != null && !adminToken.isBlank()) {
            entries.add(new Entry(adminToken.trim().getBytes(StandardCharsets.UTF_8), Role.ADMIN));
        }
        return new ApiTokens(entries);
    }

    /**
     * @return these tokens and {@code peerSecret} as a reader token: the views' instances forward queries to
     *         each other with their shared forwarding secret (never with the caller's token)
     */
    public ApiTokens withPeerSecret(String peerSecret) {
        List<Entry> all = new ArrayList<>(entries);
        all.add(new Entry(peerSecret.getBytes(StandardCharsets.UTF_8), Role.READER));
        return new ApiTokens(all);
    }

    /** @return the role of {@code presented}, comparing with every known token in constant time */
    public Optional<Role> roleOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        Role found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.token(), bytes) && found == null) {
                found = e.role();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Reads the admin token in {@code dataDir}, creating it (random, owner-only permissions) on first start.
     *
     * @return the token
     */
    public static String ensureAdminToken(Path dataDir) {
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                } catch (FileAlreadyExistsException e) {
                    return readAdminToken(dataDir).orElseThrow();
                }
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
                return token;
            }
            return readAdminToken(dataDir).orElseThrow(() -> new NotesAppException(file + " is empty"));
        } catch (IOException e) {
            throw new NotesAppException("cannot create the admin token " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the admin token of a local {@code notes up}, if its file is there */
    public static Optional<String> readAdminToken(Path dataDir) {
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new NotesAppException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
