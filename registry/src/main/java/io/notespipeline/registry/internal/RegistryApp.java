package io.notespipeline.registry.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.notespipeline.registry.RegistryConfig;
import io.notespipeline.registry.RegistryException;
import io.notespipeline.schemas.http.Json;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the registry: state, Kafka log, routes, error mapping and admin auth. Used by
 * {@link io.notespipeline.registry.RegistryServer}; not an API for other modules.
 */
public final class RegistryApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryApp.class);

    private final RegistryConfig config;
    private final String topic;
    private final ProposalLog proposalLog;
    private final Javalin javalin;

    /** Reads the log to its end, then starts serving HTTP. */
    public RegistryApp(RegistryConfig config, String bootstrapServers, String topic) {
        this(config, bootstrapServers, topic, Map.of());
    }

    /** @param staticRoutes GET routes answering fixed bytes (a benchmark baseline), matched right after the hot path */
    public RegistryApp(RegistryConfig config, String bootstrapServers, String topic,
            Map<String, Supplier<byte[]>> staticRoutes) {
        this.config = config;
        this.topic = topic;
        ObjectMapper mapper = Json.mapper();
        CompatibilityLevel level = CompatibilityLevel.parse(config.defaultCompatibility())
                .orElseThrow(() -> RegistryException.invalidCompatibility(config.defaultCompatibility()));
        RegistryState state = new RegistryState(level);
        Duration writeTimeout = Duration.ofMillis(config.writeTimeoutMs());
        this.proposalLog = new ProposalLog(bootstrapServers, topic, config.replicationFactor(), state, mapper,
                writeTimeout);
        Backend backend = new Backend(state, proposalLog, mapper, writeTimeout);
        AdminAuth auth = new AdminAuth(config.adminTokens(), config.writesOpen());
        if (auth.open()) {
            log.warn("Registry writes are open to anyone: {}=true", RegistryConfig.WRITES_OPEN_CONFIG);
        } else if (auth.closed()) {
            log.warn("Registry writes are refused: no {} configured (and {} is false)",
                    RegistryConfig.ADMIN_TOKENS_CONFIG, RegistryConfig.WRITES_OPEN_CONFIG);
        }
        this.javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.useVirtualThreads = false;
            // answers are a few KB, mostly written once per id: no compression, and no scan of the
            // excluded mime types on every answer (a fifth of a request's CPU in a JFR profile)
            CompressionStrategy none = new CompressionStrategy(null, null);
            none.setExcludedMimeTypes(List.of());
            cfg.http.customCompression(none);
            // the hot path in Jetty, before Javalin's servlet (see ByIdHandler)
            cfg.jetty.modifyServletContextHandler(handler -> handler.insertHandler(
                    new ByIdHandler(state::byIdAnswer, proposalLog::failure, staticRoutes)));
        });
        SchemaRoutes schemaRoutes = new SchemaRoutes(backend);
        schemaRoutes.registerById(javalin); // first: Javalin tries routes in order, this one is the clients' hot path
        staticRoutes.forEach((path, json) -> javalin.get(path, ctx -> Http.bytes(ctx, json.get())));
        javalin.before(ctx -> proposalLog.requireServing());
        javalin.before(Http::requireJsonBody);
        javalin.get("/", ctx -> Http.ok(ctx, mapper, Map.of()));
        new SubjectRoutes(backend).register(javalin, auth);
        schemaRoutes.register(javalin);
        new SettingsRoutes(backend).register(javalin, auth);
        new MetadataRoutes(backend).register(javalin, auth);
        ErrorMapping.register(javalin, mapper);
    }

    /** Catches up with the log, then listens. */
    public void start() {
        proposalLog.start(Duration.ofMillis(config.startupTimeoutMs()));
        javalin.start(config.host(), config.port());
        log.info("Registry listening port={} topic={}", javalin.port(), topic);
    }

    /** @return the port listened on (useful with port 0) */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        proposalLog.close();
    }
}
