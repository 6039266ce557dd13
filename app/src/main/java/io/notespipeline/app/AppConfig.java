package io.notespipeline.app;

import static io.notespipeline.schemas.ConfigDefs.define;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the {@code notes} command. Each is a flag, a {@code NOTES_*} environment variable
 * ({@link io.notespipeline.schemas.ConfigSources#envName}) or its default, in that order.
 */
public final class AppConfig extends AbstractConfig {

    public static final ConfigDef CONFIG = new ConfigDef();

    public static final String ADMIN_TOKEN_CONFIG = define(CONFIG, "admin.token", Type.PASSWORD, "",
            Importance.MEDIUM,
            "The admin token of the HTTP APIs and the registry. Empty: generated once into "
            + "admin.token in the data dir. Set it (through the environment) when several processes must share one, "
            + "as the docker-compose services do.");

    public static final String HTTP_HOST_CONFIG = define(CONFIG, "http.host", Type.STRING, "127.0.0.1",
            Importance.MEDIUM,
            "Address the HTTP servers bind to (0.0.0.0 in a container).");

    public static final String AUTH_ENABLED_CONFIG = define(CONFIG, "auth.enabled", Type.BOOLEAN, true,
            Importance.HIGH,
            "Require tokens on the HTTP APIs (`--no-auth` turns this off explicitly).");

    public static final String API_TOKENS_CONFIG = define(CONFIG, "api.tokens", Type.PASSWORD, "", Importance.MEDIUM,
            "Extra API tokens as comma-separated role:token pairs (roles reader, writer, "
            + "admin). Set it through the environment, never in a file in the repo. The admin token in the data dir always works.");

    public static final String DATA_DIR_CONFIG = define(CONFIG, "data.dir", Type.STRING, "./notes-data",
            Importance.HIGH,
            "Folder of a local pipeline: embedded broker data, lake, warehouse, "
            + "the admin token and the endpoints file that client commands read.");

    public static final String BOOTSTRAP_CONFIG = define(CONFIG, "bootstrap", Type.STRING, "", Importance.HIGH,
            "Kafka bootstrap servers of an existing cluster. Empty: `notes up` starts "
            + "the embedded broker, client commands read the endpoints file in the data dir.");

    public static final String KAFKA_PORT_CONFIG = define(CONFIG, "kafka.port", Type.INT, 9092,
            Range.between(0, 65535), Importance.MEDIUM,
            "Port of the embedded broker on 127.0.0.1 (0 picks a free one).");

    public static final String HTTP_PORT_CONFIG = define(CONFIG, "http.port", Type.INT, 8080, Range.between(0, 65535),
            Importance.MEDIUM,
            "Port of the producer and query HTTP APIs.");

    public static final String REGISTRY_PORT_CONFIG = define(CONFIG, "registry.port", Type.INT, 8081,
            Range.between(0, 65535), Importance.MEDIUM,
            "Port of the schema registry.");

    public static final String REGISTRY_URL_CONFIG = define(CONFIG, "registry.url", Type.STRING, "",
            Importance.MEDIUM,
            "URL of a running schema registry (client commands).");

    public static final String API_URL_CONFIG = define(CONFIG, "api.url", Type.STRING, "", Importance.MEDIUM,
            "URL of a running producer/query API (client commands).");

    public AppConfig(Map<String, ?> values) {
        super(CONFIG, values, false);
    }

    public Path dataDir() { return Path.of(getString(DATA_DIR_CONFIG)).toAbsolutePath().normalize(); }
    /** @return the external cluster's bootstrap servers, or empty for the embedded broker */
    public String bootstrap() { return getString(BOOTSTRAP_CONFIG).trim(); }
    public int kafkaPort() { return getInt(KAFKA_PORT_CONFIG); }
    public int httpPort() { return getInt(HTTP_PORT_CONFIG); }
    public int registryPort() { return getInt(REGISTRY_PORT_CONFIG); }
    public String registryUrl() { return getString(REGISTRY_URL_CONFIG).trim(); }
    public String httpHost() { return getString(HTTP_HOST_CONFIG); }
    public boolean authEnabled() { return getBoolean(AUTH_ENABLED_CONFIG); }
    /** @return the extra tokens spec ({@code role:token,...}); never log it */
    public String apiTokens() { return getPassword(API_TOKENS_CONFIG).value(); }
    /** @return the configured admin token, or empty when it is to be generated in the data dir */
    public String adminToken() { return getPassword(ADMIN_TOKEN_CONFIG).value().trim(); }
    public String apiUrl() { return getString(API_URL_CONFIG).trim(); }
}
