package io.notespipeline.embedded.junit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts PostgreSQL in a container; loaded only when Testcontainers is asked for. */
final class ContainerPostgres {

    static final String IMAGE = "postgres:16";
    private static final Logger log = LoggerFactory.getLogger(ContainerPostgres.class);

    private ContainerPostgres() {
    }

    /** @return a JDBC URL with credentials, or null when no Docker engine (or no Testcontainers) is there */
    static String startIfDockerAvailable() {
        try {
            Class.forName("org.testcontainers.containers.PostgreSQLContainer");
        } catch (ClassNotFoundException e) {
            log.warn("org.testcontainers:postgresql is not on the test classpath");
            return null;
        }
        if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
            return null;
        }
        var container = new org.testcontainers.containers.PostgreSQLContainer<>(IMAGE)
                .withDatabaseName("test").withUsername("postgres").withPassword("postgres");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-postgres-container"));
        String url = container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                + "user=postgres&password=postgres";
        log.info("Tests use a PostgreSQL container image={}", IMAGE);
        return url;
    }
}
