package io.notespipeline.app.internal;

import java.util.HashMap;
import java.util.Map;

import io.notespipeline.app.AppConfig;
import io.notespipeline.app.Endpoints;
import io.notespipeline.app.NotesAppException;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every client command shares to find a pipeline: a local {@code notes up} or explicit addresses. */
final class ClientOptions {

    @Mixin
    Flags.Location location;

    @Mixin
    Flags.RegistryUrl registry;

    @Option(names = "--api-url", paramLabel = "URL", description = "Producer/query API URL (env NOTES_API_URL).")
    String apiUrl;

    @Option(names = "--verbose", description = "Log to stderr instead of " + ClientLogs.FILE_NAME + " in the data dir.")
    boolean verbose;

    AppConfig config() {
        Map<String, Object> flags = new HashMap<>();
        location.into(flags);
        registry.into(flags);
        flags.put(AppConfig.API_URL_CONFIG, apiUrl);
        return Flags.appConfig(flags);
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
