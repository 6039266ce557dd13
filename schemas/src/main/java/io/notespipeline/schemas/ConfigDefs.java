package io.notespipeline.schemas;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;

/**
 * One statement per setting: {@code static final String LINGER_CONFIG = define(CONFIG, "publisher.linger.ms",
 * Type.INT, 5, Range.atLeast(0), Importance.MEDIUM, "doc")} adds the setting to the module's {@link ConfigDef}
 * and returns its name, so a setting's name, type, default, bounds and documentation stand in one place
 * (instead of three constants and a separate {@code define} call per setting).
 */
public final class ConfigDefs {

    private ConfigDefs() {
    }

    /** Defines a setting with a validator on {@code def} and returns its name. */
    public static String define(ConfigDef def, String name, Type type, Object defaultValue, Validator validator,
            Importance importance, String doc) {
        def.define(name, type, defaultValue, validator, importance, doc);
        return name;
    }

    /** Defines a setting without a validator on {@code def} and returns its name. */
    public static String define(ConfigDef def, String name, Type type, Object defaultValue, Importance importance,
            String doc) {
        def.define(name, type, defaultValue, importance, doc);
        return name;
    }
}
