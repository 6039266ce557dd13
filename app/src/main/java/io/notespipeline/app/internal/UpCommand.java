package io.notespipeline.app.internal;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.notespipeline.app.AppConfig;
import io.notespipeline.app.Component;
import io.notespipeline.app.Pipeline;
import io.notespipeline.schemas.CatalogConfig;
import io.notespipeline.schemas.ConfigSources;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code notes up}: the whole pipeline in one process until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the pipeline (embedded Kafka unless --bootstrap is given) until Ctrl-C / SIGTERM.")
public final class UpCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(UpCommand.class);

    @Mixin
    Flags.Location location;

    @Mixin
    Flags.Servers servers;

    @Option(names = "--kafka-port", paramLabel = "P", description = "Embedded broker port (default 9092, 0 = free; env NOTES_KAFKA_PORT).")
    Integer kafkaPort;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of new pipeline topics (default 6; env NOTES_TOPICS_PARTITIONS).")
    Integer partitions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> flags = new HashMap<>();
        location.into(flags);
        servers.into(flags);
        flags.put(AppConfig.KAFKA_PORT_CONFIG, kafkaPort);
        AppConfig config = Flags.appConfig(flags);
        CatalogConfig catalogConfig = new CatalogConfig(ConfigSources.resolve(CatalogConfig.CONFIG,
                partitions == null ? Map.of() : Map.of(CatalogConfig.PARTITIONS_CONFIG, partitions), System.getenv()));

        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTerminate(stop::countDown);
        PrintWriter out = spec.commandLine().getOut();
        try (Pipeline pipeline = Pipeline.start(config, catalogConfig, EnumSet.allOf(Component.class))) {
            out.println("notes up: Kafka bootstrap " + pipeline.bootstrap()
                    + (config.bootstrap().isEmpty() ? " (embedded, data in " + config.dataDir() + ")" : " (external)"));
            out.println("notes up: topics created: " + (pipeline.createdTopics().isEmpty()
                    ? "none (all existed)" : String.join(", ", pipeline.createdTopics())));
            out.println("notes up: schema registry " + pipeline.registryUrl());
            out.println("notes up: HTTP API " + pipeline.apiUrl() + pipeline.adminTokenFile()
                    .map(f -> " (admin token in " + f + ")")
                    .orElse(config.authEnabled() ? " (admin token from NOTES_ADMIN_TOKEN)" : " (auth off)"));
            out.println("notes up: running; Ctrl-C or SIGTERM stops it");
            out.flush();
            stop.await();
            log.info("Stopping the pipeline");
        }
        out.println("notes up: stopped");
        out.flush();
        return 0;
    }
}
