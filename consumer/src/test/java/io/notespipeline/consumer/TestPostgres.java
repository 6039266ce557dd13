package io.notespipeline.consumer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A fresh schema on the local PostgreSQL (127.0.0.1:5432, db test, user postgres, trust auth) per use. */
final class TestPostgres implements AutoCloseable {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

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
