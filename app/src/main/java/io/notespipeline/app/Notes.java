package io.notespipeline.app;

import java.io.PrintWriter;

import io.notespipeline.app.internal.AuditCommand;
import io.notespipeline.app.internal.ClientLogs;
import io.notespipeline.app.internal.ConfigCommand;
import io.notespipeline.app.internal.ImportCommand;
import io.notespipeline.app.internal.PublishCommand;
import io.notespipeline.app.internal.QueryCommands;
import io.notespipeline.app.internal.ReplayCommands;
import io.notespipeline.app.internal.ServeCommands;
import io.notespipeline.app.internal.TopicsCommand;
import io.notespipeline.app.internal.UpCommand;
import io.notespipeline.embedded.EmbeddedKafkaException;
import io.notespipeline.schemas.NotesSchemaException;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.bridge.SLF4JBridgeHandler;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code notes} command line: the one place that parses arguments and wires components. */
@Command(name = "notes", mixinStandardHelpOptions = true, version = "notes-pipeline 0.1.0",
        description = "Event-sourced Kafka pipeline for conference-talk notes.",
        subcommands = {UpCommand.class, TopicsCommand.class, ImportCommand.class, PublishCommand.class,
            QueryCommands.Talk.class, QueryCommands.Talks.class, QueryCommands.Search.class, QueryCommands.History.class,
            ServeCommands.Registry.class, ServeCommands.ProducerApi.class, ServeCommands.Streams.class,
            ServeCommands.Sinks.class, ReplayCommands.Replay.class, ReplayCommands.Lake.class, AuditCommand.class,
            ConfigCommand.class,
            CommandLine.HelpCommand.class})
public final class Notes {

    private Notes() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        CommandLine cli = new CommandLine(new Notes());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(Notes::oneLineError);
        cli.setExecutionStrategy(ClientLogs.strategy());
        return cli.execute(args);
    }

    private static int oneLineError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof NotesAppException || e instanceof EmbeddedKafkaException
                || e instanceof ConfigException || e instanceof NotesSchemaException) {
            err.println("notes " + cmd.getCommandName() + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        err.println("notes " + cmd.getCommandName() + ": unexpected error: " + e);
        e.printStackTrace(err);
        err.flush();
        return 2;
    }
}
