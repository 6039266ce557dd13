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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** One service alone against an existing cluster: what each container of docker-compose runs. */
public final class ServeCommands {

    private ServeCommands() {
    }

    /** Options and run loop shared by the single-service commands. */
    abstract static class Serve implements Callable<Integer> {
        @Mixin
        Flags.Location location;
        @Mixin
        Flags.RegistryUrl registry;
        @Mixin
        Flags.Servers servers;
        @Spec
        CommandSpec spec;
        private final Set<Component> components;

        Serve(Component component) {
            this.components = EnumSet.of(component);
        }

        @Override
        public Integer call() throws InterruptedException {
            Map<String, Object> flags = new HashMap<>();
            location.into(flags);
            registry.into(flags);
            servers.into(flags);
            AppConfig config = Flags.appConfig(flags);
            if (config.bootstrap().isEmpty()) {
                throw new NotesAppException("--bootstrap HOST:PORT is required (or use `notes up` for everything in one process)");
            }
            CatalogConfig catalogConfig = new CatalogConfig(ConfigSources.resolve(CatalogConfig.CONFIG, Map.of(), System.getenv()));
            CountDownLatch stop = new CountDownLatch(1);
            Signals.onTerminate(stop::countDown);
            PrintWriter out = spec.commandLine().getOut();
            String name = spec.name();
            try (Pipeline pipeline = Pipeline.start(config, catalogConfig, components)) {
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

    // One class per command name (picocli names a command by its class); each only says what it runs.

    @Command(name = "registry", mixinStandardHelpOptions = true, description = "Run the schema registry alone.")
    public static final class Registry extends Serve { public Registry() { super(Component.REGISTRY); } }

    @Command(name = "producer-api", mixinStandardHelpOptions = true, description = "Run the REST+JSON producer API alone.")
    public static final class ProducerApi extends Serve { public ProducerApi() { super(Component.PRODUCER); } }

    @Command(name = "streams", mixinStandardHelpOptions = true, description = "Run a views instance with its query API (several share the work).")
    public static final class Streams extends Serve { public Streams() { super(Component.VIEWS); } }

    @Command(name = "sinks", mixinStandardHelpOptions = true, description = "Run the lake and warehouse sinks alone.")
    public static final class Sinks extends Serve { public Sinks() { super(Component.SINKS); } }
}
