package io.notespipeline.app.internal;

import java.util.HashMap;
import java.util.Map;

import io.notespipeline.app.AppConfig;
import io.notespipeline.app.Endpoints;
import io.notespipeline.app.NotesAppException;
import io.notespipeline.schemas.ConfigSources;

import picocli.CommandLine.Option;

/** Options every client command shares to find a pipeline: a local {@code notes up} or explicit addresses. */
final class ClientOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data dir of a local `notes up` (default ./notes-data; env NOTES_DATA_DIR).")
    String dataDir;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (env NOTES_BOOTSTRAP).")
    String bootstrap;

    @Option(names = "--registry-url", paramLabel = "URL", description = "Schema registry URL (env NOTES_REGISTRY_URL).")
    String registryUrl;

    @Option(names = "--api-url", paramLabel = "URL", description = "Producer/query API URL (env NOTES_API_URL).")
    String apiUrl;

    AppConfig config() {
        Map<String, Object> flags = new HashMap<>();
        flags.put(AppConfig.DATA_DIR_CONFIG, dataDir);
        flags.put(AppConfig.BOOTSTRAP_CONFIG, bootstrap);
        flags.put(AppConfig.REGISTRY_URL_CONFIG, registryUrl);
        flags.put(AppConfig.API_URL_CONFIG, apiUrl);
        return new AppConfig(ConfigSources.resolve(AppConfig.CONFIG, flags, System.getenv()));
    }

    /** @return the addresses to use: explicit ones win, the rest come from the local endpoints file */
    Endpoints endpoints() {
        AppConfig config = config();
        Endpoints local = Endpoints.read(config.dataDir()).orElse(null);
        String kafka = !config.bootstrap().isEmpty() ? config.bootstrap() : local == null ? "" : local.bootstrap();
        if (kafka.isEmpty()) {
            throw new NotesAppException("no running `notes up` found in " + config.dataDir()
                    + " (no " + Endpoints.FILE_NAME + "); start one or pass --bootstrap HOST:PORT");
        }
        String registry = !config.registryUrl().isEmpty() ? config.registryUrl() : local == null ? "" : local.registryUrl();
        String api = !config.apiUrl().isEmpty() ? config.apiUrl() : local == null ? "" : local.apiUrl();
        return new Endpoints(kafka, registry, api, local == null ? -1 : local.pid());
    }
}
