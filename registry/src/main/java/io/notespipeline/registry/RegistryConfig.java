package io.notespipeline.registry;

import static io.notespipeline.schemas.ConfigDefs.define;

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

    public static final ConfigDef CONFIG = new ConfigDef();

    public static final String PORT_CONFIG = define(CONFIG, "registry.port", Type.INT, 8081, Range.between(0, 65535),
            Importance.HIGH,
            "HTTP port of the registry (0 picks a free port).");

    public static final String HOST_CONFIG = define(CONFIG, "registry.host", Type.STRING, "0.0.0.0",
            Importance.MEDIUM,
            "Interface the registry listens on.");

    public static final String REPLICATION_CONFIG = define(CONFIG, "registry.topic.replication.factor", Type.SHORT,
            (short) 1, Range.atLeast(1), Importance.MEDIUM,
            "Replication factor used when the registry creates its topic.");

    public static final String ADMIN_TOKENS_CONFIG = define(CONFIG, "registry.admin.tokens", Type.PASSWORD, "",
            Importance.HIGH,
            "Tokens with the admin role, comma separated. Writes (register, config, "
            + "mode, delete, topic metadata) need one, as 'Authorization: Bearer T' or HTTP Basic with password T. "
            + "Empty: every write is refused (403), unless registry.writes.open is true; an empty list never means open.");

    public static final String WRITES_OPEN_CONFIG = define(CONFIG, "registry.writes.open", Type.BOOLEAN, false,
            Importance.MEDIUM,
            "true: writes need no token at all (development only; a warning is logged at start). "
            + "false: writes need one of registry.admin.tokens, and with none configured every write is refused.");

    public static final String COMPATIBILITY_CONFIG = define(CONFIG, "registry.default.compatibility", Type.STRING,
            "BACKWARD",
            ValidString.in("NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
                            "FULL_TRANSITIVE"),
            Importance.MEDIUM,
            "Global compatibility level until one is set with PUT /config.");

    public static final String WRITE_TIMEOUT_CONFIG = define(CONFIG, "registry.write.timeout.ms", Type.LONG, 10_000L,
            Range.atLeast(1), Importance.LOW,
            "How long a write waits to read its own proposal back from the log.");

    public static final String STARTUP_TIMEOUT_CONFIG = define(CONFIG, "registry.startup.timeout.ms", Type.LONG,
            60_000L, Range.atLeast(1), Importance.LOW,
            "How long start() waits to read the log to its end.");

    public RegistryConfig(Map<String, ?> values) {
        super(CONFIG, values);
    }

    /** @return the defaults */
    public static RegistryConfig defaults() { return new RegistryConfig(Map.of()); }

    public int port() { return getInt(PORT_CONFIG); }
    public String host() { return getString(HOST_CONFIG); }
    public short replicationFactor() { return getShort(REPLICATION_CONFIG); }

    /** @return the admin tokens; empty means no write is accepted unless {@link #writesOpen()} */
    public List<String> adminTokens() {
        String raw = getPassword(ADMIN_TOKENS_CONFIG).value();
        return java.util.Arrays.stream(raw.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    public boolean writesOpen() { return getBoolean(WRITES_OPEN_CONFIG); }
    public String defaultCompatibility() { return getString(COMPATIBILITY_CONFIG); }
    public long writeTimeoutMs() { return getLong(WRITE_TIMEOUT_CONFIG); }
    public long startupTimeoutMs() { return getLong(STARTUP_TIMEOUT_CONFIG); }
}
