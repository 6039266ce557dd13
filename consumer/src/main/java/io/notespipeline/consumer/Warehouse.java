package io.notespipeline.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.notespipeline.consumer.internal.Dialect;
import io.notespipeline.consumer.internal.Fingerprints;

import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL warehouse: a HikariCP pool on SQLite or PostgreSQL, migrated by Flyway on open. Tables
 * {@code note_events}, {@code talks}, {@code notes}, {@code sink_offsets}. Thread-safe.
 */
public final class Warehouse implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Warehouse.class);

    private final String jdbcUrl;
    private final Dialect dialect;
    private final HikariDataSource dataSource;

    private Warehouse(String jdbcUrl, Dialect dialect, HikariDataSource dataSource) {
        this.jdbcUrl = jdbcUrl;
        this.dialect = dialect;
        this.dataSource = dataSource;
    }

    /** Opens and migrates the warehouse named by the sinks configuration. */
    public static Warehouse open(SinksConfig config) {
        return open(config.warehouseUrl(), config.warehouseUser(), config.warehousePassword(),
                config.warehousePoolSize());
    }

    /**
     * Opens and migrates a warehouse.
     *
     * @param jdbcUrl  {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://...}
     * @param user     user, empty to use the URL's
     * @param password password, empty to use the URL's
     * @param poolSize pool size (SQLite uses one connection)
     */
    public static Warehouse open(String jdbcUrl, String user, String password, int poolSize) {
        Dialect dialect = Dialect.of(jdbcUrl);
        createSqliteFolder(jdbcUrl, dialect);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        if (!user.isBlank()) {
            hc.setUsername(user);
        }
        if (!password.isBlank()) {
            hc.setPassword(password);
        }
        hc.setAutoCommit(false);
        hc.setPoolName("notes-warehouse");
        dialect.configure(hc, poolSize);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(ds).locations(dialect.migrations())
                    .table("warehouse_schema_history").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new NotesSinkException("cannot migrate warehouse " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
        log.info("Opened warehouse url={} dialect={}", redact(jdbcUrl), dialect);
        return new Warehouse(jdbcUrl, dialect, ds);
    }

    private static void createSqliteFolder(String jdbcUrl, Dialect dialect) {
        if (dialect != Dialect.SQLITE) {
            return;
        }
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = file.indexOf('?');
        file = q < 0 ? file : file.substring(0, q);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new NotesSinkException("cannot create warehouse folder " + parent + ": " + e.getMessage(), e);
        }
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** @return the JDBC URL */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return the pooled data source (connections are not auto-commit) */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return the dialect (internal detail, used by the sink) */
    Dialect dialect() {
        return dialect;
    }

    /** @return the next offsets stored for {@code group}, for the given partitions that have one */
    public Map<TopicPartition, Long> storedOffsets(String group, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> result = new HashMap<>();
        String sql = "SELECT topic, kafka_partition, next_offset FROM sink_offsets WHERE group_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TopicPartition tp = new TopicPartition(rs.getString(1), rs.getInt(2));
                    if (partitions.contains(tp)) {
                        result.put(tp, rs.getLong(3));
                    }
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new NotesSinkException("cannot read sink offsets of group " + group + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** @return row count and hash of {@code note_events}, {@code talks} and {@code notes} */
    public Map<String, TableFingerprint> fingerprint() {
        return fingerprint(null);
    }

    /**
     * @param since when not null, only events that occurred at or after it are fingerprinted
     * @return row count and hash of {@code note_events}, {@code talks} and {@code notes}, by table
     */
    public Map<String, TableFingerprint> fingerprint(Instant since) {
        Map<String, TableFingerprint> result = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (TableFingerprint f : Fingerprints.all(c, dialect, since)) {
                result.put(f.table(), f);
            }
            c.rollback();
        } catch (SQLException e) {
            throw new NotesSinkException("cannot fingerprint warehouse: " + e.getMessage(), e);
        }
        return result;
    }

    /** @return the number of rows of {@code table} (one of the warehouse's tables) */
    public long count(String table) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            c.rollback();
            return n;
        } catch (SQLException e) {
            throw new NotesSinkException("cannot count " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
