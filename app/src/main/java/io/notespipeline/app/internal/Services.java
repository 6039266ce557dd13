package io.notespipeline.app.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.javalin.Javalin;
import io.notespipeline.app.ApiServer;
import io.notespipeline.app.ApiTokens;
import io.notespipeline.app.AppConfig;
import io.notespipeline.app.Component;
import io.notespipeline.app.Health;
import io.notespipeline.app.NotesAppException;
import io.notespipeline.consumer.SinkService;
import io.notespipeline.producer.EventValidator;
import io.notespipeline.producer.NotePublisher;
import io.notespipeline.producer.ProducerApi;
import io.notespipeline.producer.PublisherConfig;
import io.notespipeline.registry.RegistryServer;
import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.registry.BuiltInSchemas;
import io.notespipeline.schemas.registry.HttpSchemaRegistryClient;
import io.notespipeline.schemas.registry.RegistrySerdeProvider;
import io.notespipeline.schemas.registry.RegistryUnavailableException;
import io.notespipeline.schemas.registry.SchemaRegistryClient;
import io.notespipeline.schemas.registry.TopicNameStrategy;
import io.notespipeline.streams.AuditApi;
import io.notespipeline.streams.AuditService;
import io.notespipeline.streams.QueryApi;
import io.notespipeline.streams.ViewsConfig;
import io.notespipeline.streams.ViewsService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the services of a pipeline in dependency order (registry, built-in schemas, publisher,
 * views, HTTP, sinks) and records each in the caller's stack so they close in reverse.
 *
 * @param registryUrl    the registry the pipeline uses
 * @param apiUrl         the producer/query API, or empty
 * @param adminTokenFile where the admin token is, or empty when auth is off
 */
public record Services(String registryUrl, String apiUrl, Optional<Path> adminTokenFile) {

    private static final Logger log = LoggerFactory.getLogger(Services.class);

    /** Starts {@code components}; everything started is pushed on {@code running}. */
    public static Services start(AppConfig config, CatalogConfig catalogConfig, Set<Component> components,
                                 String bootstrap, Deque<AutoCloseable> running) {
        return start(config, catalogConfig, components, bootstrap, running, new Health(), System.getenv());
    }

    /**
     * Starts {@code components}; everything started is pushed on {@code running} and registers its check on
     * {@code health} (the broker first); module settings come from {@code env} ({@code NOTES_*}) over the app's.
     */
    public static Services start(AppConfig config, CatalogConfig catalogConfig, Set<Component> components,
                                 String bootstrap, Deque<AutoCloseable> running, Health health, Map<String, String> env) {
        HealthChecks.Broker broker = new HealthChecks.Broker(bootstrap);
        running.push(broker);
        health.register("broker", HealthChecks.cached(broker));
        ModuleConfigs configs = new ModuleConfigs(config, env);
        Path dataDir = config.dataDir();
        String adminToken = !config.adminToken().isEmpty() ? config.adminToken()
                : config.authEnabled() ? ApiTokens.ensureAdminToken(dataDir)
                : ApiTokens.readAdminToken(dataDir).orElse(null);

        String registryUrl = config.registryUrl();
        if (components.contains(Component.REGISTRY)) {
            RegistryServer registry = new RegistryServer(configs.registry(config.authEnabled() ? adminToken : null), bootstrap);
            running.push(registry);
            registry.start();
            String host = config.httpHost().equals("0.0.0.0") ? "127.0.0.1" : config.httpHost();
            registryUrl = "http://" + host + ":" + registry.port();
            log.info("Schema registry listening url={}", registryUrl);
        }
        boolean needsRegistry = components.stream().anyMatch(c -> c != Component.REGISTRY);
        if (needsRegistry && registryUrl.isEmpty()) {
            throw new NotesAppException("no schema registry: run it here or pass --registry-url URL");
        }
        if (!registryUrl.isEmpty()) {
            health.register("registry", HealthChecks.cached(HealthChecks.registry(registryUrl)));
        }
        TopicCatalog catalog = null;
        if (needsRegistry) {
            SchemaRegistryClient client = new HttpSchemaRegistryClient(registryUrl, adminToken, 1_000, Duration.ofSeconds(30));
            Map<String, Integer> ids = registerWhenReachable(client, new TopicCatalog(catalogConfig,
                    new RegistrySerdeProvider(client)), registryUrl);
            log.info("Built-in schemas registered subjects={}", ids);
            catalog = new TopicCatalog(catalogConfig, new RegistrySerdeProvider(client));
            return startClients(config, configs, catalog, client, components, bootstrap, running, health, registryUrl,
                    config.authEnabled() && config.adminToken().isEmpty()
                            ? Optional.of(dataDir.resolve(ApiTokens.ADMIN_TOKEN_FILE)) : Optional.empty(),
                    adminToken);
        }
        return new Services(registryUrl, "", Optional.empty());
    }

    private static Services startClients(AppConfig config, ModuleConfigs configs, TopicCatalog catalog,
                                         SchemaRegistryClient client, Set<Component> components, String bootstrap,
                                         Deque<AutoCloseable> running, Health health, String registryUrl,
                                         Optional<Path> tokenFile, String adminToken) {
        List<Consumer<Javalin>> routes = new ArrayList<>();
        String forwardingSecret = null;
        if (components.contains(Component.PRODUCER)) {
            PublisherConfig publisherConfig = configs.publisher();
            NotePublisher publisher = new NotePublisher(publisherConfig, bootstrap, catalog,
                    registryRules(client, catalog.events().name()),
                    java.time.Clock.systemUTC());
            running.push(publisher);
            publisher.start();
            routes.add(new ProducerApi(publisher, publisherConfig)::registerAhead); // ApiServer guards it in Jetty
        }
        int httpPort = config.httpPort() == 0 ? freePort() : config.httpPort();
        String host = config.httpHost().equals("0.0.0.0") ? "127.0.0.1" : config.httpHost();
        if (components.contains(Component.VIEWS)) {
            String advertised = System.getenv().getOrDefault("NOTES_ADVERTISED_HOST", host) + ":" + httpPort;
            int standbys = components.containsAll(java.util.EnumSet.allOf(Component.class)) ? 0 : ViewsConfig.STANDBY_REPLICAS_DEFAULT;
            ViewsService views = new ViewsService(configs.views(advertised, standbys), bootstrap, catalog);
            forwardingSecret = views.config().forwardingSecret();
            running.push(views);
            views.start();
            health.register("views", HealthChecks.streams(views.streams()::state));
            // the key lookup's fast path answers before Javalin: it gets the same reader decision as the server's auth
            routes.add(new QueryApi(views, ApiServer.readers(apiTokens(config, adminToken, forwardingSecret)))::register);
        }
        if (components.contains(Component.AUDIT)) {
            AuditService audit = new AuditService(configs.views("", 0), bootstrap, catalog, Metrics.REGISTRY);
            running.push(audit);
            audit.start();
            health.register("audit", HealthChecks.streams(audit::state));
            routes.add(new AuditApi(audit)::register);
        }
        if (!routes.isEmpty()) {
            routes.add(Metrics::register);
        }
        String apiUrl = "";
        if (!routes.isEmpty()) {
            Optional<ApiTokens> tokens = apiTokens(config, adminToken, forwardingSecret);
            ApiServer api = ApiServer.start(config.httpHost(), httpPort, tokens, routes, health);
            running.push(api);
            apiUrl = "http://" + host + ":" + api.port();
        }
        if (components.contains(Component.SINKS)) {
            SinkService sinks = new SinkService(configs.sinks(), bootstrap, catalog);
            running.push(sinks);
            sinks.start();
            HealthChecks.sinks(health, sinks);
        }
        return new Services(registryUrl, apiUrl, routes.isEmpty() ? Optional.empty() : tokenFile);
    }

    /** @return the API's tokens (with the views' forwarding secret as a reader), or empty when auth is off */
    private static Optional<ApiTokens> apiTokens(AppConfig config, String adminToken, String forwardingSecret) {
        Optional<ApiTokens> tokens = config.authEnabled()
                ? Optional.of(ApiTokens.parse(config.apiTokens(), adminToken)) : Optional.empty();
        return forwardingSecret == null ? tokens : tokens.map(t -> t.withPeerSecret(forwardingSecret));
    }

    /**
     * Registers the built-in schemas, waiting for the registry as long as it does not answer (no connection, a
     * timeout, a 5xx): a sink or views instance started while the registry restarts waits for it instead of
     * exiting. The cause is logged once; SIGTERM ends the wait. A registry that answers with a refusal fails at once.
     */
    static Map<String, Integer> registerWhenReachable(SchemaRegistryClient client, TopicCatalog catalog, String url) {
        long backoffMs = 500;
        boolean logged = false;
        while (true) {
            try {
                Map<String, Integer> ids = BuiltInSchemas.register(client, catalog);
                if (logged) {
                    log.info("Schema registry answers again url={}", url);
                }
                return ids;
            } catch (RuntimeException e) {
                if (!RegistryUnavailableException.isCause(e)) {
                    throw e;
                }
                if (!logged) {
                    log.warn("Schema registry unavailable at start, waiting for it url={} cause={}", url, e.getMessage());
                    logged = true;
                }
                boolean stopping;
                try {
                    stopping = Signals.awaitTerminating(backoffMs); // the backoff, cut short by SIGTERM
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new NotesAppException("interrupted while waiting for the schema registry at " + url, ie);
                }
                if (stopping) {
                    throw new NotesAppException("stopped while waiting for the schema registry at " + url, e);
                }
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    /** The publisher's checks with the data contract of {@code topic}'s values in the registry. */
    static EventValidator registryRules(SchemaRegistryClient client, String topic) {
        return EventValidator.registry(client, TopicNameStrategy.valueSubject(topic));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new NotesAppException("no free port for the HTTP API: " + e.getMessage(), e);
        }
    }
}
