package io.notespipeline.registry;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** Settings of the schema registry server. Every server sharing one log must use the same defaults. */
public final class RegistryConfig extends AbstractConfig {

    public static final String PORT_CONFIG = "registry.port";
    public static final int PORT_DEFAULT = 8081;
    public static final String PORT_DOC = "HTTP port of the registry (0 picks a free port).";

    public static final String HOST_CONFIG = "registry.host";
    public static final String HOST_DEFAULT = "0.0.0.0";
    public static final String HOST_DOC = "Interface the registry listens on.";

    public static final String REPLICATION_CONFIG = "registry.topic.replication.factor";
    public static final short REPLICATION_DEFAULT = 1;
    public static final String REPLICATION_DOC = "Replication factor used when the registry creates its topic.";

    public static final String ADMIN_TOKENS_CONFIG = "registry.admin.tokens";
    public static final String ADMIN_TOKENS_DEFAULT = "";
    public static final String ADMIN_TOKENS_DOC = "Tokens with the admin role, comma separated. Writes (register, config, "
            + "mode, delete, topic metadata) need one, as 'Authorization: Bearer T' or HTTP Basic with password T. "
            + "Empty: writes are open (a warning is logged at start).";

    public static final String COMPATIBILITY_CONFIG = "registry.default.compatibility";
    public static final String COMPATIBILITY_DEFAULT = "BACKWARD";
    public static final String COMPATIBILITY_DOC = "Global compatibility level until one is set with PUT /config.";

    public static final String WRITE_TIMEOUT_CONFIG = "registry.write.timeout.ms";
    public static final long WRITE_TIMEOUT_DEFAULT = 10_000;
    public static final String WRITE_TIMEOUT_DOC = "How long a write waits to read its own proposal back from the log.";

    public static final String STARTUP_TIMEOUT_CONFIG = "registry.startup.timeout.ms";
    public static final long STARTUP_TIMEOUT_DEFAULT = 60_000;
    public static final String STARTUP_TIMEOUT_DOC = "How long start() waits to read the log to its end.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(PORT_CONFIG, Type.INT, PORT_DEFAULT, Range.between(0, 65535), Importance.HIGH, PORT_DOC)
            .define(HOST_CONFIG, Type.STRING, HOST_DEFAULT, Importance.MEDIUM, HOST_DOC)
            .define(REPLICATION_CONFIG, Type.SHORT, REPLICATION_DEFAULT, Range.atLeast(1), Importance.MEDIUM,
                    REPLICATION_DOC)
            .define(ADMIN_TOKENS_CONFIG, Type.PASSWORD, ADMIN_TOKENS_DEFAULT, Importance.HIGH, ADMIN_TOKENS_DOC)
            .define(COMPATIBILITY_CONFIG, Type.STRING, COMPATIBILITY_DEFAULT,
                    ValidString.in("NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
                            "FULL_TRANSITIVE"),
                    Importance.MEDIUM, COMPATIBILITY_DOC)
            .define(WRITE_TIMEOUT_CONFIG, Type.LONG, WRITE_TIMEOUT_DEFAULT, Range.atLeast(1), Importance.LOW,
                    WRITE_TIMEOUT_DOC)
            .define(STARTUP_TIMEOUT_CONFIG, Type.LONG, STARTUP_TIMEOUT_DEFAULT, Range.atLeast(1), Importance.LOW,
                    STARTUP_TIMEOUT_DOC);

    public RegistryConfig(Map<String, ?> values) {
        super(CONFIG, values);
    }

    /** @return the defaults */
    public static RegistryConfig defaults() {
        return new RegistryConfig(Map.of());
    }

    public int port() {
        return getInt(PORT_CONFIG);
    }

    public String host() {
        return getString(HOST_CONFIG);
    }

    public short replicationFactor() {
        return getShort(REPLICATION_CONFIG);
    }

    /** @return the admin tokens; empty when writes are open */
    public List<String> adminTokens() {
        String raw = getPassword(ADMIN_TOKENS_CONFIG).value();
        return java.util.Arrays.stream(raw.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    public String defaultCompatibility() {
        return getString(COMPATIBILITY_CONFIG);
    }

    public long writeTimeoutMs() {
        return getLong(WRITE_TIMEOUT_CONFIG);
    }

    public long startupTimeoutMs() {
        return getLong(STARTUP_TIMEOUT_CONFIG);
    }
}
