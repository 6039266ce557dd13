package io.notespipeline.consumer.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.zaxxer.hikari.HikariConfig;

/**
 * The differences between the warehouse databases, in one place: migrations folder, how a UTC
 * instant is bound and read, and pool settings. The SQL itself is common (both speak
 * {@code INSERT ... ON CONFLICT}). Internal.
 */
public enum Dialect {
    /** SQLite: times as sortable ISO-8601 UTC text, one connection, WAL journal. */
    SQLITE("classpath:db/warehouse/sqlite") {
        @Override
        public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
            ps.setString(index, value == null ? null : TEXT_TIME.format(value));
        }

        @Override
        public Instant getInstant(ResultSet rs, int index) throws SQLException {
            String s = rs.getString(index);
            return s == null ? null : Instant.parse(s);
        }

        @Override
        void tune(HikariConfig hc, int poolSize) {
            hc.setMaximumPoolSize(1);
            hc.addDataSourceProperty("journal_mode", "WAL");
            hc.addDataSourceProperty("synchronous", "NORMAL");
            hc.addDataSourceProperty("busy_timeout", "30000");
        }
    },
    /** PostgreSQL: {@code timestamptz}, bound as {@link OffsetDateTime} in UTC; batched inserts rewritten. */
    POSTGRESQL("classpath:db/warehouse/postgresql") {
        @Override
        public void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
            if (value == null) {
                ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
            }
        }

        @Override
        public Instant getInstant(ResultSet rs, int index) throws SQLException {
            OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        @Override
        void tune(HikariConfig hc, int poolSize) {
            hc.setMaximumPoolSize(poolSize);
            // multi-row INSERTs: about 1.5x the batch write rate; per-statement counts are then
            // unknown, which WarehouseWriter handles
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
    };

    private static final DateTimeFormatter TEXT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    /** @return the Flyway location of this dialect's migrations */
    public String migrations() {
        return migrations;
    }

    /** Binds a UTC instant. */
    public abstract void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException;

    /** Reads a UTC instant. */
    public abstract Instant getInstant(ResultSet rs, int index) throws SQLException;

    abstract void tune(HikariConfig hc, int poolSize);

    /** Applies the dialect's pool settings. */
    public void configure(HikariConfig hc, int poolSize) {
        tune(hc, poolSize);
    }

    /** @return the dialect of a JDBC URL */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported warehouse URL (jdbc:sqlite: or jdbc:postgresql:): " + jdbcUrl);
    }
}
