package io.notespipeline.app.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Client commands print their result, not logs: unless {@code --verbose} is given, the log lines
 * of a command with {@link ClientOptions} (Kafka clients, the publisher) go to {@value #FILE_NAME}
 * in the data dir (next to it while the data dir does not exist) instead of stderr.
 */
public final class ClientLogs {

    /** The log file of client commands. */
    public static final String FILE_NAME = "notes-client.log";
    /** The console appender of the product's {@code logback.xml}. */
    static final String CONSOLE = "STDERR";

    private ClientLogs() {
    }

    /** @return picocli's usual strategy, after moving the logs of a client command to its file */
    public static IExecutionStrategy strategy() {
        return parsed -> {
            for (CommandLine command : parsed.asCommandLineList()) {
                clientOptions(command.getCommandSpec()).filter(o -> !o.verbose).ifPresent(ClientLogs::toFile);
            }
            return new CommandLine.RunLast().execute(parsed);
        };
    }

    private static java.util.Optional<ClientOptions> clientOptions(CommandSpec spec) {
        return spec.mixins().values().stream().map(CommandSpec::userObject)
                .filter(ClientOptions.class::isInstance).map(ClientOptions.class::cast).findFirst();
    }

    private static void toFile(ClientOptions options) {
        Path dataDir;
        try {
            dataDir = options.config().dataDir();
        } catch (ConfigException e) {
            return; // the command reports the bad setting in one line when it runs
        }
        toFile(Files.isDirectory(dataDir) ? dataDir.resolve(FILE_NAME) : dataDir.resolveSibling(FILE_NAME));
    }

    /** Sends what the root logger's console appender would print to {@code file} (opened at the first line). */
    static void toFile(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
        if (!(console instanceof OutputStreamAppender<ILoggingEvent> stream)
                || !(stream.getEncoder() instanceof PatternLayoutEncoder consoleEncoder)) {
            return; // not the product's configuration (a test's): leave it as it is
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(consoleEncoder.getPattern());
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("CLIENT_FILE");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        root.detachAppender(console);
    }
}
