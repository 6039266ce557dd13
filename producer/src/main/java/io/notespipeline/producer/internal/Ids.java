package io.notespipeline.producer.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Deterministic ids: the same document imported the same way gives the same ids. */
public final class Ids {

    private static final int MAX_SLUG = 80;

    private Ids() {
    }

    /**
     * A version-7 UUID (RFC 9562: 48 bits of Unix milliseconds, then 74 random bits) for the ids the publisher
     * fills in (eventId, correlationId). The random bits come from {@link ThreadLocalRandom}, not
     * {@code UUID.randomUUID()}'s {@code SecureRandom}, which is shared and slow on the hot path: the ids are
     * unique keys, not secrets. Time-ordered ids also keep the warehouse's and views' indexes local.
     *
     * @param epochMillis the time part, e.g. the event's occurredAt
     */
    public static UUID uuidV7(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** @return a lowercase ASCII slug of {@code text} ({@code "It's time for `datetime`"} → {@code its-time-for-datetime}). */
    public static String slug(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replace("'", "").replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "talk" : slug;
    }

    /** @return {@code base}, or {@code base-2}, {@code base-3}, ... the first not in {@code taken}; added to it. */
    public static String unique(String base, Set<String> taken) {
        String id = base;
        for (int k = 2; taken.contains(id); k++) {
            id = base + "-" + k;
        }
        taken.add(id);
        return id;
    }

    /** @return a note id derived from the talk and the note's text, not in {@code taken}; added to it. */
    static String noteId(String talkId, String text, Set<String> taken) {
        for (int k = 0;; k++) {
            String id = "n" + sha256(talkId + '\n' + text + '\n' + k).substring(0, 10);
            if (taken.add(id)) {
                return id;
            }
        }
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
