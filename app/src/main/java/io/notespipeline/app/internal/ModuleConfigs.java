package io.notespipeline.app.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.notespipeline.app.AppConfig;
import io.notespipeline.consumer.SinksConfig;
import io.notespipeline.producer.PublisherConfig;
import io.notespipeline.registry.RegistryConfig;
import io.notespipeline.schemas.ConfigSources;
import io.notespipeline.streams.ViewsConfig;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Builds each module's config: values the app derives (data dir, ports, tokens) are the defaults,
 * {@code NOTES_*} environment variables override them, as the user expects.
 */
public final class ModuleConfigs {

    private final AppConfig app;
    private final Map<String, String> env;

    public ModuleConfigs(AppConfig app, Map<String, String> env) {
        this.app = app;
        this.env = env;
    }

    /**
     * @param adminToken the app's own admin token (it registers the built-in schemas), or null when auth is off.
     *                   Tokens configured for the registry ({@code NOTES_REGISTRY_ADMIN_TOKENS}) are added to it,
     *                   never in its place. Auth off: registry writes are opened explicitly
     *                   ({@code registry.writes.open}, unless set otherwise), never by an empty token list.
     */
    public RegistryConfig registry(String adminToken) {
        Map<String, Object> derived = new HashMap<>();
        derived.put(RegistryConfig.PORT_CONFIG, app.registryPort());
        derived.put(RegistryConfig.HOST_CONFIG, app.httpHost());
        Map<String, Object> values = merge(RegistryConfig.CONFIG, derived);
        if (adminToken != null) {
            Object configured = values.get(RegistryConfig.ADMIN_TOKENS_CONFIG);
            String extra = configured == null ? "" : configured.toString().trim();
            values.put(RegistryConfig.ADMIN_TOKENS_CONFIG, extra.isEmpty() ? adminToken : adminToken + "," + extra);
        } else {
            values.putIfAbsent(RegistryConfig.WRITES_OPEN_CONFIG, true);
        }
        return new RegistryConfig(values);
    }

    public PublisherConfig publisher() {
        return new PublisherConfig(merge(PublisherConfig.CONFIG, Map.of()));
    }

    /**
     * @param applicationServer host:port other instances reach this one's query API at
     * @param standbys          standby replicas to ask for (0 in the single-process {@code notes up})
     */
    public ViewsConfig views(String applicationServer, int standbys) {
        Map<String, Object> derived = new HashMap<>();
        derived.put(ViewsConfig.STANDBY_REPLICAS_CONFIG, standbys);
        derived.put(ViewsConfig.STATE_DIR_CONFIG, dataDir().resolve("streams").toString());
        derived.put(ViewsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        return new ViewsConfig(merge(ViewsConfig.CONFIG, derived));
    }

    public SinksConfig sinks() {
        return new SinksConfig(merge(SinksConfig.CONFIG, Map.of(SinksConfig.DATA_DIR_CONFIG, dataDir().toString())));
    }

    private Path dataDir() {
        return app.dataDir();
    }

    private Map<String, Object> merge(ConfigDef def, Map<String, Object> derived) {
        Map<String, Object> values = new HashMap<>(derived);
        values.putAll(ConfigSources.resolve(def, Map.of(), env));
        return values;
    }
}
