package io.notespipeline.consumer.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import io.notespipeline.consumer.TableFingerprint;

/**
 * Order-independent fingerprints of the warehouse tables: each row is rendered canonically (times
 * as UTC instants, booleans as true/false) and hashed with SHA-256; the table hash is the sum of the
 * row hashes modulo 2^256, so it does not depend on row order or on the database's collation. Internal.
 */
public final class Fingerprints {

    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

    /** Column kinds, to render each value canonically. */
    private enum Kind { TEXT, LONG, TIME, BOOL }

    private record Table(String name, List<String> columns, List<Kind> kinds, String timeFilter) {
    }

    private static final List<Table> TABLES = List.of(
            new Table("note_events",
                    List.of("event_id", "talk_id", "occurred_at", "author", "correlation_id", "expected_revision",
                            "event_type", "payload"),
                    List.of(Kind.TEXT, Kind.TEXT, Kind.TIME, Kind.TEXT, Kind.TEXT, Kind.LONG, Kind.TEXT, Kind.TEXT),
                    "occurred_at"),
            new Table("talks",
                    List.of("talk_id", "title", "conference", "speakers", "links", "tags", "contributors", "revision",
                            "created_at", "updated_at", "last_event_id", "deleted", "note_count"),
                    List.of(Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.LONG,
                            Kind.TIME, Kind.TIME, Kind.TEXT, Kind.BOOL, Kind.LONG),
                    null),
            new Table("notes",
                    List.of("talk_id", "note_id", "parent_id", "position", "text"),
                    List.of(Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.LONG, Kind.TEXT),
                    null));

    private Fingerprints() {
    }

    /** @return the fingerprint of every fingerprinted table; {@code since} filters note_events when not null */
    public static List<TableFingerprint> all(Connection c, Dialect dialect, Instant since) throws SQLException {
        List<TableFingerprint> result = new java.util.ArrayList<>();
        for (Table t : TABLES) {
            result.add(of(c, dialect, t, since));
        }
        return result;
    }

    private static TableFingerprint of(Connection c, Dialect dialect, Table t, Instant since) throws SQLException {
        boolean filter = since != null && t.timeFilter() != null;
        String sql = "SELECT " + String.join(", ", t.columns()) + " FROM " + t.name()
                + (filter ? " WHERE " + t.timeFilter() + " >= ?" : "");
        MessageDigest sha = sha256();
        BigInteger sum = BigInteger.ZERO;
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(1000);
            if (filter) {
                dialect.setInstant(ps, 1, since);
            }
            try (ResultSet rs = ps.executeQuery()) {
                StringBuilder row = new StringBuilder(256);
                while (rs.next()) {
                    row.setLength(0);
                    for (int i = 0; i < t.kinds().size(); i++) {
                        row.append(render(rs, i + 1, t.kinds().get(i), dialect)).append('\u001f');
                    }
                    sum = sum.add(new BigInteger(1, sha.digest(row.toString().getBytes(StandardCharsets.UTF_8))));
                    rows++;
                }
            }
        }
        return new TableFingerprint(t.name(), rows, String.format("%064x", sum.mod(MOD)));
    }

    private static String render(ResultSet rs, int i, Kind kind, Dialect dialect) throws SQLException {
        String value = switch (kind) {
            case TEXT -> rs.getString(i);
            case LONG -> {
                long v = rs.getLong(i);
                yield rs.wasNull() ? null : Long.toString(v);
            }
            case TIME -> {
                Instant v = dialect.getInstant(rs, i);
                yield v == null ? null : v.toString();
            }
            case BOOL -> {
                boolean v = rs.getBoolean(i);
                yield rs.wasNull() ? null : Boolean.toString(v);
            }
        };
        return value == null ? "\u0000" : value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
