package io.notespipeline.app.internal;

import java.util.Map;

import io.notespipeline.app.AppConfig;
import io.notespipeline.schemas.ConfigSources;

import picocli.CommandLine.Option;

/**
 * The flag groups the commands share, each flag declared once, used as picocli {@code @Mixin}s:
 * {@link Location} by every command, {@link RegistryUrl} by the clients and single services,
 * {@link Servers} by the commands that serve HTTP.
 */
final class Flags {

    private Flags() {
    }

    /** @return the app's settings: these flags, then {@code NOTES_*} variables, then the defaults */
    static AppConfig appConfig(Map<String, Object> flags) {
        return new AppConfig(ConfigSources.resolve(AppConfig.CONFIG, flags, System.getenv()));
    }

    /** Where the pipeline's data and its Kafka cluster are. */
    static final class Location {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data dir of the pipeline: broker data, stores, "
                + "lake, SQLite warehouse, tokens, endpoints file (default ./notes-data; env NOTES_DATA_DIR).")
        String dataDir;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers of an existing "
                + "cluster; `notes up` without it runs the embedded broker (env NOTES_BOOTSTRAP).")
        String bootstrap;

        void into(Map<String, Object> flags) {
            flags.put(AppConfig.DATA_DIR_CONFIG, dataDir);
            flags.put(AppConfig.BOOTSTRAP_CONFIG, bootstrap);
        }
    }

    /** A schema registry that runs elsewhere. */
    static final class RegistryUrl {
        @Option(names = "--registry-url", paramLabel = "URL", description = "Schema registry URL (env NOTES_REGISTRY_URL).")
        String registryUrl;

        void into(Map<String, Object> flags) {
            flags.put(AppConfig.REGISTRY_URL_CONFIG, registryUrl);
        }
    }

    /** The HTTP servers this process runs. */
    static final class Servers {
        @Option(names = "--http-port", paramLabel = "P", description = "Producer and query API port (default 8080; env NOTES_HTTP_PORT).")
        Integer httpPort;

        @Option(names = "--registry-port", paramLabel = "P", description = "Schema registry port (default 8081; env NOTES_REGISTRY_PORT).")
        Integer registryPort;

        @Option(names = "--no-auth", description = "Serve the HTTP APIs without tokens (env NOTES_AUTH_ENABLED=false).")
        boolean noAuth;

        void into(Map<String, Object> flags) {
            flags.put(AppConfig.HTTP_PORT_CONFIG, httpPort);
            flags.put(AppConfig.REGISTRY_PORT_CONFIG, registryPort);
            flags.put(AppConfig.AUTH_ENABLED_CONFIG, noAuth ? "false" : null);
        }
    }
}
