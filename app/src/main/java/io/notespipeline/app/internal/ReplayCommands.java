package io.notespipeline.app.internal;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;

import io.notespipeline.app.NotesAppException;
import io.notespipeline.consumer.CompactionReport;
import io.notespipeline.consumer.LakeCompactor;
import io.notespipeline.consumer.ReplayReport;
import io.notespipeline.consumer.SinksConfig;
import io.notespipeline.consumer.Warehouse;
import io.notespipeline.consumer.WarehouseReplay;
import io.notespipeline.schemas.IsoTime;
import io.notespipeline.schemas.ConfigSources;
import io.notespipeline.streams.ViewsConfig;
import io.notespipeline.streams.ViewsReplay;

import io.notespipeline.schemas.TopicCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code notes replay views|warehouse} and {@code notes lake compact}: rebuilding from the log. */
public final class ReplayCommands {

    private ReplayCommands() {
    }

    static SinksConfig sinksConfig(ClientOptions client) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of(SinksConfig.DATA_DIR_CONFIG, client.config().dataDir().toString()));
        values.putAll(ConfigSources.resolve(SinksConfig.CONFIG, Map.of(), System.getenv()));
        return new SinksConfig(values);
    }

    /** {@code notes replay}. */
    @Command(name = "replay", mixinStandardHelpOptions = true, description = "Rebuild derived data from the log and compare.",
            subcommands = {Views.class, WarehouseCmd.class})
    public static final class Replay {
    }

    /** {@code notes replay views}. */
    @Command(name = "views", mixinStandardHelpOptions = true,
            description = "Rebuild every view from offset 0 under a fresh application id and compare with the live views.")
    public static final class Views implements Callable<Integer> {
        @Mixin ClientOptions client;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Connection connection = new Connection(client);
            Progress progress = new Progress(spec.commandLine().getErr(), "replaying");
            ViewsConfig views = new ModuleConfigs(client.config(), System.getenv()).views("", 0);
            ViewsReplay.Report report = new ViewsReplay(views, connection.endpoints().bootstrap(), connection.catalog())
                    .run(progress::update);
            PrintWriter out = spec.commandLine().getOut();
            out.println("notes replay views: " + report.applicationId() + " rebuilt " + report.replayed()
                    + " talks; live views have " + report.live());
            report.differences().forEach(d -> out.println("  " + d));
            out.println(report.equal() ? "notes replay views: EQUAL to the live views (count and per-talk SHA-256)"
                    : "notes replay views: DIFFERENT (" + report.differences().size() + " talks)");
            out.println("notes replay views: the replay's topics and consumer group were removed; the live views are unchanged");
            out.flush();
            return report.equal() ? 0 : 3;
        }
    }

    /** {@code notes replay warehouse}. */
    @Command(name = "warehouse", mixinStandardHelpOptions = true,
            description = "Reload a fresh warehouse from the lake or the log and compare it with the live one.")
    public static final class WarehouseCmd implements Callable<Integer> {
        @Option(names = "--from", required = true, paramLabel = "lake|log") String from;
        @Option(names = "--since", paramLabel = "T", description = "Only events from this time (ISO-8601).") String since;
        @Option(names = "--into", required = true, paramLabel = "JDBC_URL", description = "A fresh database, e.g. jdbc:sqlite:/tmp/w.db") String into;
        @Mixin ClientOptions client;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Connection connection = new Connection(client);
            SinksConfig config = sinksConfig(client);
            Progress progress = new Progress(spec.commandLine().getErr(), "reloading");
            ReplayReport report;
            try (Warehouse live = Warehouse.open(config)) {
                report = new WarehouseReplay(config, connection.endpoints().bootstrap(), connection.catalog())
                        .run(WarehouseReplay.Source.parse(from), since == null ? null : IsoTime.parse("--since", since), into, live,
                                (stage, done, total) -> progress.update(done, total));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("notes replay warehouse: " + report);
            report.differences().forEach(d -> out.println("  " + d));
            out.println(report.equal() ? "notes replay warehouse: EQUAL to the live warehouse" : "notes replay warehouse: DIFFERENT");
            out.flush();
            return report.equal() ? 0 : 3;
        }
    }

    /** {@code notes lake compact --date D}. */
    @Command(name = "lake", mixinStandardHelpOptions = true, description = "Lake maintenance.", subcommands = Compact.class)
    public static final class Lake {
    }

    /** {@code notes lake compact}. */
    @Command(name = "compact", mixinStandardHelpOptions = true,
            description = "Sort a day's files by talk and time, drop duplicate eventIds, verify, replace atomically.")
    public static final class Compact implements Callable<Integer> {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD") String date;
        @Mixin ClientOptions client;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            LocalDate day;
            try {
                day = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new NotesAppException("--date must be YYYY-MM-DD, got '" + date + "'");
            }
            Progress progress = new Progress(spec.commandLine().getErr(), "compacting");
            CompactionReport report = new LakeCompactor(sinksConfig(client), TopicCatalog.withDefaults())
                    .compact(day, (s, d, t) -> progress.update(d, t));
            spec.commandLine().getOut().println("notes lake compact: " + report);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
