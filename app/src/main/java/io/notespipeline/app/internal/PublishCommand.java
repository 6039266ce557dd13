package io.notespipeline.app.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import io.notespipeline.app.NotesAppException;
import io.notespipeline.producer.JsonEvents;
import io.notespipeline.producer.NoteCommand;
import io.notespipeline.producer.NotePublisher;
import io.notespipeline.producer.PublishReceipt;
import io.notespipeline.producer.ValidationException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code notes publish}: one event from {@code --json}, or JSON lines from a file or stdin, in the
 * REST API's event shape. All the events of one call land atomically, or none does.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish events given as JSON (the REST API's event shape): --json for one, --file/stdin for JSON lines.")
public final class PublishCommand implements Callable<Integer> {

    @Option(names = "--talk", paramLabel = "ID", description = "Talk id for events that do not name one.")
    String talk;

    @Option(names = "--json", paramLabel = "EVENT", description = "One event, e.g. '{\"type\":\"NoteEdited\",\"author\":\"ana\",\"payload\":{...}}'.")
    String json;

    @Option(names = "--file", paramLabel = "FILE", description = "JSON lines, one event per line ('-' = stdin).")
    String file;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        List<String> lines = json != null ? List.of(json) : readLines();
        List<NoteCommand> commands = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                commands.add(JsonEvents.parse(commands.size(), lines.get(i), talk));
            }
        }
        if (commands.isEmpty()) {
            throw new NotesAppException("no events given: use --json, --file FILE or pipe JSON lines to stdin");
        }
        Connection connection = new Connection(client);
        PrintWriter out = spec.commandLine().getOut();
        try (NotePublisher publisher = connection.publisher(connection.catalog())) {
            List<PublishReceipt> receipts = publisher.publishBatch(commands).get();
            for (PublishReceipt r : receipts) {
                out.println(r.eventId() + " partition=" + r.partition() + " offset=" + r.offset() + " position=" + r.position());
            }
        } catch (ValidationException e) {
            throw new NotesAppException("nothing published: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new NotesAppException("nothing published: " + e.getCause().getMessage(), e.getCause());
        }
        return 0;
    }

    private List<String> readLines() {
        if (file == null) {
            file = "-";
        }
        try {
            if (file.equals("-")) {
                return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
            }
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NotesAppException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
