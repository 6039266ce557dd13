package io.notespipeline.schemas;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Resolves a module's settings in the project's order: command-line flags, then {@code NOTES_*}
 * environment variables, then the defaults declared in the module's {@link ConfigDef}.
 *
 * <p>A setting {@code kafka.bootstrap.servers} is read from the environment variable
 * {@code NOTES_KAFKA_BOOTSTRAP_SERVERS} (upper case, dots and dashes become underscores).
 */
public final class ConfigSources {

    /** Prefix of every environment variable the project reads. */
    public static final String ENV_PREFIX = "NOTES_";

    private ConfigSources() {
    }

    /** @return the environment variable that sets {@code key}, e.g. {@code NOTES_HTTP_PORT} for {@code http.port}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * @param def   the settings the module declares
     * @param flags values given on the command line (highest precedence); null values are ignored
     * @param env   the environment, usually {@code System.getenv()}
     * @return the raw values to give the module's {@code AbstractConfig}; unset keys are left to defaults
     */
    public static Map<String, Object> resolve(ConfigDef def, Map<String, ?> flags, Map<String, String> env) {
        Map<String, Object> values = new HashMap<>();
        for (String key : def.names()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        flags.forEach((key, value) -> {
            if (value != null) {
                values.put(key, value);
            }
        });
        return values;
    }

    /** @return a Markdown table of every setting in {@code def}: key, environment variable, default, importance, doc. */
    public static String markdownReference(ConfigDef def) {
        StringBuilder out = new StringBuilder("| setting | environment | default | importance | description |\n|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(def.configKeys()).values()) {
            Object dflt = key.hasDefault() ? key.defaultValue : "(required)";
            out.append("| `").append(key.name).append("` | `").append(envName(key.name)).append("` | `")
                    .append(dflt).append("` | ").append(key.importance.name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }
}
