package io.notespipeline.app.internal;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.notespipeline.app.AppConfig;
import io.notespipeline.app.Component;
import io.notespipeline.app.NotesAppException;
import io.notespipeline.app.Pipeline;
import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.ConfigSources;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** One service alone against an existing cluster: what each container of docker-compose runs. */
public final class ServeCommands {

    private ServeCommands() {
    }

    /** Options and run loop shared by the single-service commands. */
    abstract static class Serve implements Callable<Integer> {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "Local state (streams stores, lake, SQLite, tokens); env NOTES_DATA_DIR.")
        String dataDir;
        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (required; env NOTES_BOOTSTRAP).")
        String bootstrap;
        @Option(names = "--registry-url", paramLabel = "URL", description = "Schema registry URL (env NOTES_REGISTRY_URL).")
        String registryUrl;
        @Option(names = "--http-port", paramLabel = "P", description = "HTTP port (env NOTES_HTTP_PORT).")
        Integer httpPort;
        @Option(names = "--registry-port", paramLabel = "P", description = "Registry port (env NOTES_REGISTRY_PORT).")
        Integer registryPort;
        @Option(names = "--no-auth", description = "Serve HTTP without tokens.")
        boolean noAuth;
        @Spec
        CommandSpec spec;

        abstract Set<Component> components();

        @Override
        public Integer call() throws InterruptedException {
            Map<String, Object> flags = new HashMap<>();
            flags.put(AppConfig.DATA_DIR_CONFIG, dataDir);
            flags.put(AppConfig.BOOTSTRAP_CONFIG, bootstrap);
            flags.put(AppConfig.REGISTRY_URL_CONFIG, registryUrl);
            flags.put(AppConfig.HTTP_PORT_CONFIG, httpPort);
            flags.put(AppConfig.REGISTRY_PORT_CONFIG, registryPort);
            flags.put(AppConfig.AUTH_ENABLED_CONFIG, noAuth ? "false" : null);
            AppConfig config = new AppConfig(ConfigSources.resolve(AppConfig.CONFIG, flags, System.getenv()));
            if (config.bootstrap().isEmpty()) {
                throw new NotesAppException("--bootstrap HOST:PORT is required (or use `notes up` for everything in one process)");
            }
            CatalogConfig catalogConfig = new CatalogConfig(ConfigSources.resolve(CatalogConfig.CONFIG, Map.of(), System.getenv()));
            CountDownLatch stop = new CountDownLatch(1);
            Signals.onTerminate(stop::countDown);
            PrintWriter out = spec.commandLine().getOut();
            String name = spec.name();
            try (Pipeline pipeline = Pipeline.start(config, catalogConfig, components())) {
                out.println("notes " + name + ": Kafka " + pipeline.bootstrap() + ", registry " + pipeline.registryUrl()
                        + (pipeline.apiUrl().isEmpty() ? "" : ", HTTP " + pipeline.apiUrl()));
                out.println("notes " + name + ": running; Ctrl-C or SIGTERM stops it");
                out.flush();
                stop.await();
            }
            out.println("notes " + name + ": stopped");
            out.flush();
            return 0;
        }
    }

    /** {@code notes registry}. */
    @Command(name = "registry", mixinStandardHelpOptions = true, description = "Run the schema registry alone.")
    public static final class Registry extends Serve {
        @Override
        Set<Component> components() {
            return EnumSet.of(Component.REGISTRY);
        }
    }

    /** {@code notes producer-api}. */
    @Command(name = "producer-api", mixinStandardHelpOptions = true, description = "Run the REST+JSON producer API alone.")
    public static final class ProducerApi extends Serve {
        @Override
        Set<Component> components() {
            return EnumSet.of(Component.PRODUCER);
        }
    }

    /** {@code notes streams}. */
    @Command(name = "streams", mixinStandardHelpOptions = true, description = "Run a views instance with its query API (several share the work).")
    public static final class Streams extends Serve {
        @Override
        Set<Component> components() {
            return EnumSet.of(Component.VIEWS);
        }
    }

    /** {@code notes sinks}. */
    @Command(name = "sinks", mixinStandardHelpOptions = true, description = "Run the lake and warehouse sinks alone.")
    public static final class Sinks extends Serve {
        @Override
        Set<Component> components() {
            return EnumSet.of(Component.SINKS);
        }
    }
}
