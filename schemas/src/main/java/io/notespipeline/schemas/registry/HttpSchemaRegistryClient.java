package io.notespipeline.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.notespipeline.schemas.contract.DataContract;
import io.notespipeline.schemas.contract.Metadata;
import io.notespipeline.schemas.contract.RuleSet;
import io.notespipeline.schemas.http.ErrorBody;
import io.notespipeline.schemas.http.Json;

import org.apache.avro.Schema;

/**
 * The registry over HTTP (Confluent v1 API), on the JDK {@link HttpClient}. Answers are cached in
 * bounded LRU caches (schema to id per subject, id to schema, subject to latest version, topic
 * metadata), so once a schema is known the serdes make no network call. Latest versions and topic
 * metadata can change, so they are cached for {@code ttl} only (stale metadata keeps being served
 * while the registry cannot be reached); ids never change. Thread-safe.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    /** Content type of Confluent v1 requests and answers. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper JSON = Json.lenientMapper();

    private final URI base;
    private final String authorization;
    private final Duration ttl;
    private final HttpClient http;
    private final BoundedCache<Key, Integer> registered;
    private final BoundedCache<Key, RegisteredSchema> lookedUp;
    private final BoundedCache<Integer, Schema> byId;
    private final BoundedCache<String, Timed<RegisteredSchema>> latest;
    private final BoundedCache<String, Timed<Optional<TopicMetadata>>> metadata;

    /**
     * @param baseUrl       e.g. {@code http://localhost:8081}
     * @param token         admin token sent as {@code Authorization: Bearer} (needed for writes), or null
     * @param cacheCapacity entries per cache
     * @param ttl           how long latest versions and topic metadata are cached
     */
    public HttpSchemaRegistryClient(String baseUrl, String token, int cacheCapacity, Duration ttl) {
        this(baseUrl, cacheCapacity, ttl, token == null || token.isBlank() ? null : "Bearer " + token);
    }

    /**
     * @param userInfo {@code user:password} sent as HTTP Basic auth (what Confluent clients send; this
     *                 registry takes the password as the admin token)
     * @return a client authenticating with Basic auth
     */
    public static HttpSchemaRegistryClient withBasicAuth(String baseUrl, String userInfo, int cacheCapacity, Duration ttl) {
        String encoded = java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        return new HttpSchemaRegistryClient(baseUrl, cacheCapacity, ttl, "Basic " + encoded);
    }

    private HttpSchemaRegistryClient(String baseUrl, int cacheCapacity, Duration ttl, String authorization) {
        String trimmed = Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "");
        this.base = URI.create(trimmed + "/");
        this.authorization = authorization;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.registered = new BoundedCache<>(cacheCapacity);
        this.lookedUp = new BoundedCache<>(cacheCapacity);
        this.byId = new BoundedCache<>(cacheCapacity);
        this.latest = new BoundedCache<>(cacheCapacity);
        this.metadata = new BoundedCache<>(cacheCapacity);
    }

    /** A client without token (reads only), 1,000 entries per cache, 30 s for latest versions and metadata. */
    public HttpSchemaRegistryClient(String baseUrl) {
        this(baseUrl, null, 1_000, Duration.ofSeconds(30));
    }

    @Override
    public int register(String subject, Schema schema, DataContract contract) {
        return registered.computeIfAbsent(new Key(subject, schema, contract), k -> {
            JsonNode answer = call("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema, contract));
            return answer.path("id").asInt();
        });
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return lookedUp.computeIfAbsent(new Key(subject, schema, DataContract.empty()), k -> {
            JsonNode answer = call("POST", "subjects/" + encode(subject), schemaBody(schema, DataContract.empty()));
            return toRegistered(answer);
        });
    }

    @Override
    public Schema schemaById(int id) {
        return byId.computeIfAbsent(id, k -> {
            JsonNode answer = call("GET", "schemas/ids/" + id, null);
            return new Schema.Parser().parse(answer.path("schema").asText());
        });
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Timed<RegisteredSchema> cached = latest.get(subject);
        if (cached != null && cached.fresh(ttl)) {
            return cached.value();
        }
        RegisteredSchema loaded = toRegistered(call("GET", "subjects/" + encode(subject) + "/versions/latest", null));
        latest.put(subject, new Timed<>(loaded, System.nanoTime()));
        return loaded;
    }

    @Override
    public List<String> subjects() {
        return JSON.convertValue(call("GET", "subjects", null), new TypeReference<List<String>>() { });
    }

    @Override
    public Optional<TopicMetadata> topicMetadata(String topic) {
        Timed<Optional<TopicMetadata>> cached = metadata.get(topic);
        if (cached != null && cached.fresh(ttl)) {
            return cached.value();
        }
        Optional<TopicMetadata> loaded;
        try {
            loaded = Optional.of(JSON.treeToValue(call("GET", "v1/topics/" + encode(topic) + "/metadata", null),
                    TopicMetadata.class));
        } catch (SchemaRegistryException e) {
            if (e instanceof RegistryUnavailableException && cached != null) {
                return cached.value();
            }
            if (!e.isNotFound()) {
                throw e;
            }
            loaded = Optional.empty();
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.CLIENT_ERROR,
                    "unreadable metadata of topic " + topic + ": " + e.getMessage(), e);
        }
        metadata.put(topic, new Timed<>(loaded, System.nanoTime()));
        return loaded;
    }

    @Override
    public TopicMetadata putTopicMetadata(TopicMetadata topicMetadata) {
        try {
            JsonNode answer = call("PUT", "v1/topics/" + encode(topicMetadata.topic()) + "/metadata",
                    JSON.writeValueAsString(topicMetadata));
            TopicMetadata stored = JSON.treeToValue(answer, TopicMetadata.class);
            metadata.put(stored.topic(), new Timed<>(Optional.of(stored), System.nanoTime()));
            return stored;
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.CLIENT_ERROR,
                    "cannot write metadata of topic " + topicMetadata.topic() + ": " + e.getMessage(), e);
        }
    }

    private static RegisteredSchema toRegistered(JsonNode answer) {
        try {
            Metadata metadata = answer.hasNonNull("metadata") ? JSON.treeToValue(answer.get("metadata"), Metadata.class) : null;
            RuleSet ruleSet = answer.hasNonNull("ruleSet") ? JSON.treeToValue(answer.get("ruleSet"), RuleSet.class) : null;
            return new RegisteredSchema(answer.path("subject").asText(), answer.path("id").asInt(),
                    answer.path("version").asInt(), new Schema.Parser().parse(answer.path("schema").asText()),
                    metadata, ruleSet);
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.CLIENT_ERROR,
                    "unreadable metadata or ruleSet of subject " + answer.path("subject").asText() + ": " + e.getMessage(), e);
        }
    }

    /** The registration body: {@code schema}, and Confluent's {@code metadata} and {@code ruleSet} when not empty. */
    private static String schemaBody(Schema schema, DataContract contract) {
        try {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("schema", schema.toString());
            if (!contract.metadata().isEmpty()) {
                body.put("metadata", contract.metadata());
            }
            if (!contract.ruleSet().isEmpty()) {
                body.put("ruleSet", contract.ruleSet());
            }
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.CLIENT_ERROR, e.getMessage(), e);
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) { // no answer: refused, reset, timed out
                throw new RegistryUnavailableException(SchemaRegistryException.CLIENT_ERROR,
                        method + " " + base.resolve(path) + " got no answer: " + e, e);
            }
            JsonNode answer;
            try {
                answer = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                if (response.statusCode() >= 500) { // e.g. a proxy's HTML error page
                    throw new RegistryUnavailableException(response.statusCode() * 100,
                            method + " " + path + " answered " + response.statusCode(), e);
                }
                throw e;
            }
            if (response.statusCode() >= 300) {
                ErrorBody error = ErrorBody.read(answer, response.statusCode(), response.body());
                String message = method + " " + path + " answered " + response.statusCode() + ": " + error.message();
                if (response.statusCode() >= 500) {
                    throw new RegistryUnavailableException(error.errorCode(), message);
                }
                throw new SchemaRegistryException(error.errorCode(), message);
            }
            return answer;
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.CLIENT_ERROR,
                    method + " " + base.resolve(path) + " unreadable answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException(SchemaRegistryException.CLIENT_ERROR,
                    "interrupted during " + method + " " + path, e);
        }
    }

    private record Key(String subject, Schema schema, DataContract contract) {
    }

    private record Timed<V>(V value, long loadedAtNanos) {
        boolean fresh(Duration ttl) {
            return System.nanoTime() - loadedAtNanos < ttl.toNanos();
        }
    }
}
