package io.notespipeline.app.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import io.notespipeline.app.ApiTokens;
import io.notespipeline.app.AppConfig;
import io.notespipeline.app.Endpoints;
import io.notespipeline.app.NotesAppException;
import io.notespipeline.producer.NotePublisher;
import io.notespipeline.producer.PublisherConfig;
import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.ConfigSources;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.registry.HttpSchemaRegistryClient;
import io.notespipeline.schemas.registry.RegistrySerdeProvider;
import io.notespipeline.schemas.registry.SchemaRegistryClient;

/**
 * What a client command needs to talk to a running pipeline: its addresses, the admin token of a
 * local {@code notes up} (or {@code NOTES_API_TOKEN}), a registry-backed catalogue, the publisher
 * and the query API.
 */
final class Connection {

    private final AppConfig config;
    private final Endpoints endpoints;
    private final String token;
    private SchemaRegistryClient registry;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Connection(ClientOptions options) {
        this.config = options.config();
        this.endpoints = options.endpoints();
        String fromEnv = System.getenv("NOTES_API_TOKEN");
        this.token = fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim()
                : !config.adminToken().isEmpty() ? config.adminToken()
                : ApiTokens.readAdminToken(config.dataDir()).orElse(null);
    }

    Endpoints endpoints() {
        return endpoints;
    }

    AppConfig config() {
        return config;
    }

    SchemaRegistryClient registry() {
        if (registry == null) {
            if (endpoints.registryUrl().isEmpty()) {
                throw new NotesAppException("no schema registry known: pass --registry-url URL");
            }
            registry = new HttpSchemaRegistryClient(endpoints.registryUrl(), token, 1_000, Duration.ofSeconds(30));
        }
        return registry;
    }

    TopicCatalog catalog() {
        CatalogConfig catalogConfig = new CatalogConfig(ConfigSources.resolve(CatalogConfig.CONFIG, Map.of(), System.getenv()));
        return new TopicCatalog(catalogConfig, new RegistrySerdeProvider(registry()));
    }

    /** @return a started publisher with the built-in and the registry's rules; the caller closes it */
    NotePublisher publisher(TopicCatalog catalog) {
        PublisherConfig publisherConfig = new PublisherConfig(ConfigSources.resolve(PublisherConfig.CONFIG, Map.of(), System.getenv()));
        NotePublisher publisher = new NotePublisher(publisherConfig, endpoints.bootstrap(), catalog,
                Services.registryRules(registry(), catalog.events().name()),
                java.time.Clock.systemUTC());
        return publisher.start();
    }

    /** GET on the query API; returns the body, or throws with the API's error message. */
    String get(String path, Map<String, String> query) {
        return get(path, query, "application/json");
    }

    /** GET with an {@code Accept} header (e.g. {@code text/plain} for tables). */
    String get(String path, Map<String, String> query, String accept) {
        if (endpoints.apiUrl().isEmpty()) {
            throw new NotesAppException("no query API known: pass --api-url URL");
        }
        String qs = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(endpoints.apiUrl() + path + (qs.isEmpty() ? "" : "?" + qs));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", accept).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new NotesAppException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new NotesAppException("cannot reach the query API at " + endpoints.apiUrl() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotesAppException("interrupted", e);
        }
    }
}
