package io.notespipeline.app;

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

    public static final String DATA_DIR_CONFIG = "data.dir";
    public static final String DATA_DIR_DEFAULT = "./notes-data";
    public static final String DATA_DIR_DOC = "Folder of a local pipeline: embedded broker data, lake, warehouse, "
            + "the admin token and the endpoints file that client commands read.";

    public static final String BOOTSTRAP_CONFIG = "bootstrap";
    public static final String BOOTSTRAP_DOC = "Kafka bootstrap servers of an existing cluster. Empty: `notes up` starts "
            + "the embedded broker, client commands read the endpoints file in the data dir.";

    public static final String KAFKA_PORT_CONFIG = "kafka.port";
    public static final int KAFKA_PORT_DEFAULT = 9092;
    public static final String KAFKA_PORT_DOC = "Port of the embedded broker on 127.0.0.1 (0 picks a free one).";

    public static final String HTTP_PORT_CONFIG = "http.port";
    public static final int HTTP_PORT_DEFAULT = 8080;
    public static final String HTTP_PORT_DOC = "Port of the producer and query HTTP APIs.";

    public static final String REGISTRY_PORT_CONFIG = "registry.port";
    public static final int REGISTRY_PORT_DEFAULT = 8081;
    public static final String REGISTRY_PORT_DOC = "Port of the schema registry.";

    public static final String REGISTRY_URL_CONFIG = "registry.url";
    public static final String REGISTRY_URL_DOC = "URL of a running schema registry (client commands).";

    public static final String API_URL_CONFIG = "api.url";
    public static final String API_URL_DOC = "URL of a running producer/query API (client commands).";

    public static final String HTTP_HOST_CONFIG = "http.host";
    public static final String HTTP_HOST_DEFAULT = "127.0.0.1";
    public static final String HTTP_HOST_DOC = "Address the HTTP servers bind to (0.0.0.0 in a container).";

    public static final String AUTH_ENABLED_CONFIG = "auth.enabled";
    public static final boolean AUTH_ENABLED_DEFAULT = true;
    public static final String AUTH_ENABLED_DOC = "Require tokens on the HTTP APIs (`--no-auth` turns this off explicitly).";

    public static final String API_TOKENS_CONFIG = "api.tokens";
    public static final String API_TOKENS_DOC = "Extra API tokens as comma-separated role:token pairs (roles reader, writer, "
            + "admin). Set it through the environment, never in a file in the repo. The admin token in the data dir always works.";

    public static final String ADMIN_TOKEN_CONFIG = "admin.token";
    public static final String ADMIN_TOKEN_DOC = "The admin token of the HTTP APIs and the registry. Empty: generated once into "
            + "admin.token in the data dir. Set it (through the environment) when several processes must share one, "
            + "as the docker-compose services do.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(ADMIN_TOKEN_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, ADMIN_TOKEN_DOC)
            .define(HTTP_HOST_CONFIG, Type.STRING, HTTP_HOST_DEFAULT, Importance.MEDIUM, HTTP_HOST_DOC)
            .define(AUTH_ENABLED_CONFIG, Type.BOOLEAN, AUTH_ENABLED_DEFAULT, Importance.HIGH, AUTH_ENABLED_DOC)
            .define(API_TOKENS_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, API_TOKENS_DOC)
            .define(DATA_DIR_CONFIG, Type.STRING, DATA_DIR_DEFAULT, Importance.HIGH, DATA_DIR_DOC)
            .define(BOOTSTRAP_CONFIG, Type.STRING, "", Importance.HIGH, BOOTSTRAP_DOC)
            .define(KAFKA_PORT_CONFIG, Type.INT, KAFKA_PORT_DEFAULT, Range.between(0, 65535), Importance.MEDIUM, KAFKA_PORT_DOC)
            .define(HTTP_PORT_CONFIG, Type.INT, HTTP_PORT_DEFAULT, Range.between(0, 65535), Importance.MEDIUM, HTTP_PORT_DOC)
            .define(REGISTRY_PORT_CONFIG, Type.INT, REGISTRY_PORT_DEFAULT, Range.between(0, 65535), Importance.MEDIUM,
                    REGISTRY_PORT_DOC)
            .define(REGISTRY_URL_CONFIG, Type.STRING, "", Importance.MEDIUM, REGISTRY_URL_DOC)
            .define(API_URL_CONFIG, Type.STRING, "", Importance.MEDIUM, API_URL_DOC);

    public AppConfig(Map<String, ?> values) {
        super(CONFIG, values, false);
    }

    public Path dataDir() {
        return Path.of(getString(DATA_DIR_CONFIG)).toAbsolutePath().normalize();
    }

    /** @return the external cluster's bootstrap servers, or empty for the embedded broker */
    public String bootstrap() {
        return getString(BOOTSTRAP_CONFIG).trim();
    }

    public int kafkaPort() {
        return getInt(KAFKA_PORT_CONFIG);
    }

    public int httpPort() {
        return getInt(HTTP_PORT_CONFIG);
    }

    public int registryPort() {
        return getInt(REGISTRY_PORT_CONFIG);
    }

    public String registryUrl() {
        return getString(REGISTRY_URL_CONFIG).trim();
    }

    public String httpHost() {
        return getString(HTTP_HOST_CONFIG);
    }

    public boolean authEnabled() {
        return getBoolean(AUTH_ENABLED_CONFIG);
    }

    /** @return the extra tokens spec ({@code role:token,...}); never log it */
    public String apiTokens() {
        return getPassword(API_TOKENS_CONFIG).value();
    }

    /** @return the configured admin token, or empty when it is to be generated in the data dir */
    public String adminToken() {
        return getPassword(ADMIN_TOKEN_CONFIG).value().trim();
    }

    public String apiUrl() {
        return getString(API_URL_CONFIG).trim();
    }
}
