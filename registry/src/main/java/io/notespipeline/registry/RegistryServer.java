package io.notespipeline.registry;

import java.util.Objects;

import io.notespipeline.registry.internal.RegistryApp;
import io.notespipeline.schemas.TopicCatalog;

/**
 * The schema registry: Confluent's v1 REST API (schemas, subjects, compatibility, config, mode)
 * plus topic metadata ({@code /v1/topics/{topic}/metadata}), stored in the compacted
 * single-partition topic {@code _schemas}. Several servers may share one topic; they agree on
 * every id and version because each applies the log's proposals in order.
 *
 * <pre>{@code
 * try (RegistryServer registry = new RegistryServer(RegistryConfig.defaults(), "localhost:9092")) {
 *     registry.start();
 *     SchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url());
 * }
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {

    private final RegistryConfig config;
    private final String bootstrapServers;
    private final String topic;
    private final java.util.Map<String, java.util.function.Supplier<byte[]>> staticRoutes = new java.util.LinkedHashMap<>();
    private RegistryApp app;

    /**
     * A registry on the catalogue's {@value TopicCatalog#SCHEMAS} topic.
     *
     * @param config           port, tokens, default compatibility
     * @param bootstrapServers the Kafka cluster holding the registry's topic
     */
    public RegistryServer(RegistryConfig config, String bootstrapServers) {
        this(config, bootstrapServers, TopicCatalog.withDefaults());
    }

    /**
     * @param config           port, tokens, default compatibility
     * @param bootstrapServers the Kafka cluster holding the registry's topic
     * @param catalog          names the registry's log: {@link TopicCatalog#schemas()}
     */
    public RegistryServer(RegistryConfig config, String bootstrapServers, TopicCatalog catalog) {
        this.config = Objects.requireNonNull(config, "config");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.topic = catalog.schemas().name();
    }

    /**
     * Creates the topic if missing, reads it to its end, then serves HTTP.
     *
     * @throws RegistryException when the log cannot be read or the port cannot be bound
     */
    public synchronized RegistryServer start() {
        if (app != null) {
            throw new IllegalStateException("registry already started");
        }
        RegistryApp started = new RegistryApp(config, bootstrapServers, topic, staticRoutes);
        try {
            started.start();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        app = started;
        return this;
    }

    /** @return the port listened on */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("registry not started");
        }
        return app.port();
    }

    /**
     * Adds, before {@link #start()}, {@code GET path} answering the bytes {@code json} gives, as they
     * are: the same-server baseline of the bench's registry row (what the server costs without any
     * registry work), answered by the same Jetty handler as {@code /schemas/ids/{id}}; {@code path + "/javalin"}
     * answers the same bytes through a Javalin route (what Javalin's layer adds). Not part of the registry's API.
     */
    public synchronized RegistryServer staticRoute(String path, java.util.function.Supplier<byte[]> json) {
        if (app != null) {
            throw new IllegalStateException("static routes are added before start()");
        }
        staticRoutes.put(path, json);
        return this;
    }

    /** @return the base URL clients use, e.g. {@code http://localhost:8081} */
    public String url() {
        String host = "0.0.0.0".equals(config.host()) ? "localhost" : config.host();
        return "http://" + host + ":" + port();
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.close();
            app = null;
        }
    }
}
