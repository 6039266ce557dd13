package io.notespipeline.testkit;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server integration tests use, one per test JVM:
 * <ul>
 *   <li>default: the local server at {@code 127.0.0.1:5432}, database {@code test}, user {@code postgres} (trust auth);</li>
 *   <li>{@code NOTES_TEST_JDBC_URL=jdbc:postgresql://...}: another server;</li>
 *   <li>{@code NOTES_TEST_POSTGRES=testcontainers} (or {@code NOTES_TEST_KAFKA=testcontainers}): a {@code postgres:16}
 *       container through Testcontainers where a Docker engine answers; otherwise the local server, with a warning.</li>
 * </ul>
 * Tests isolate themselves with a fresh schema each.
 */
public final class TestPostgres {

    /** The local server of the development machines and CI. */
    public static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static volatile String url;

    private TestPostgres() {
    }

    /** @return a JDBC URL with credentials in its query string, e.g. {@value #LOCAL_URL} */
    public static synchronized String serverUrl() {
        if (url == null) {
            url = choose();
        }
        return url;
    }

    private static String choose() {
        String explicit = System.getenv("NOTES_TEST_JDBC_URL");
        if (explicit != null && !explicit.isBlank()) {
            return explicit.trim();
        }
        String kind = System.getenv().getOrDefault("NOTES_TEST_POSTGRES", System.getenv().getOrDefault(KafkaExtension.KIND_ENV, ""));
        if (kind.toLowerCase(Locale.ROOT).equals("testcontainers")) {
            String container = Containers.postgresIfDockerAvailable();
            if (container != null) {
                return container;
            }
            log.warn("testcontainers asked for but no Docker engine answers; using the local PostgreSQL");
        }
        return LOCAL_URL;
    }
}
