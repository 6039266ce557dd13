package io.notespipeline.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.ConfigSources;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Every setting the {@code notes} command knows, by module: the single source for the generated
 * config reference ({@code notes config}) and for checks that deployment files set only real settings.
 */
public final class Settings {

    private Settings() {
    }

    /** @return each module's settings, in the order they are documented */
    public static Map<String, ConfigDef> byModule() {
        Map<String, ConfigDef> defs = new LinkedHashMap<>();
        defs.put("app", AppConfig.CONFIG);
        defs.put("topics", CatalogConfig.CONFIG);
        defs.put("registry", io.notespipeline.registry.RegistryConfig.CONFIG);
        defs.put("publisher", io.notespipeline.producer.PublisherConfig.CONFIG);
        defs.put("streams", io.notespipeline.streams.ViewsConfig.CONFIG);
        defs.put("sinks", io.notespipeline.consumer.SinksConfig.CONFIG);
        return defs;
    }

    /** @return every {@code NOTES_*} environment variable the app reads */
    public static Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        byModule().values().forEach(def -> def.names().forEach(k -> names.add(ConfigSources.envName(k))));
        names.add("NOTES_JAVA_OPTS"); // read by the ./notes launcher
        names.add("NOTES_LOG_LEVEL"); // read by logback.xml
        names.add("NOTES_API_TOKEN"); // the token client commands send
        names.add("NOTES_ADVERTISED_HOST"); // host other streams instances reach this one at
        return names;
    }

    /** @return the Markdown reference of every setting */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        byModule().forEach((module, def) -> out.append("### ").append(module).append("\n\n")
                .append(ConfigSources.markdownReference(def)).append('\n'));
        return out.toString();
    }
}
