package io.notespipeline.schemas.registry;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;

/**
 * The Kafka client properties the serdes read when Kafka builds them by class name. The names are
 * Confluent's, so existing client configurations work unchanged; one difference: {@code
 * auto.register.schemas} defaults to false here.
 */
public final class RegistryClientConfigs {

    /** Base URL of the registry; with several comma-separated URLs the first is used. */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    /** {@code true} to register unknown schemas instead of refusing the record (default false). */
    public static final String AUTO_REGISTER_CONFIG = "auto.register.schemas";
    /** {@code true} to read records into their generated classes (default: generic records). */
    public static final String SPECIFIC_READER_CONFIG = "specific.avro.reader";
    /** Admin token sent as {@code Authorization: Bearer}. */
    public static final String BEARER_TOKEN_CONFIG = "bearer.auth.token";
    /** {@code user:password} sent as HTTP Basic auth; this registry takes the password as the token. */
    public static final String BASIC_USER_INFO_CONFIG = "basic.auth.user.info";
    /** Entries per client cache (default 1000). */
    public static final String CACHE_CAPACITY_CONFIG = "schema.registry.cache.capacity";

    private RegistryClientConfigs() {
    }

    /** @return an HTTP client for the registry the properties name */
    static SchemaRegistryClient client(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL_CONFIG);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, url, "the registry serdes need the registry's URL");
        }
        String first = url.toString().split(",")[0].trim();
        Object rawCapacity = configs.get(CACHE_CAPACITY_CONFIG);
        int capacity = rawCapacity == null ? 1_000 : Integer.parseInt(rawCapacity.toString());
        Duration ttl = Duration.ofSeconds(30);
        Object basic = configs.get(BASIC_USER_INFO_CONFIG);
        if (basic != null && !basic.toString().isBlank()) {
            return HttpSchemaRegistryClient.withBasicAuth(first, basic.toString(), capacity, ttl);
        }
        Object bearer = configs.get(BEARER_TOKEN_CONFIG);
        return new HttpSchemaRegistryClient(first, bearer == null ? null : bearer.toString(), capacity, ttl);
    }

    static boolean flag(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        return value != null && Boolean.parseBoolean(value.toString());
    }
}
