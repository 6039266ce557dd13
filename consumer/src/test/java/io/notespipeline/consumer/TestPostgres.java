package io.notespipeline.consumer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A fresh schema per use on the test PostgreSQL ({@link io.notespipeline.testkit.TestPostgres}). */
final class TestPostgres implements AutoCloseable {

    /** The shared test server: local by default, or as {@code NOTES_TEST_JDBC_URL} / Testcontainers choose. */
    static final String SERVER = io.notespipeline.testkit.TestPostgres.serverUrl();

    private final String schema;

    private TestPostgres(String schema) {
        this.schema = schema;
    }

    /** Creates a uniquely named schema. */
    static TestPostgres freshSchema(String prefix) {
        String schema = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema);
        return new TestPostgres(schema);
    }

    /** @return a JDBC URL whose default schema is this one */
    String url() {
        return SERVER + "&currentSchema=" + schema;
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
