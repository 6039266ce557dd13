package io.notespipeline.app.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import io.notespipeline.app.NotesAppException;
import io.notespipeline.producer.DocumentState;
import io.notespipeline.producer.ImportOptions;
import io.notespipeline.producer.ImportPlan;
import io.notespipeline.producer.MarkdownImportException;
import io.notespipeline.producer.MarkdownImporter;
import io.notespipeline.producer.NoteCommand;
import io.notespipeline.producer.NotePublisher;
import io.notespipeline.producer.PublishReceipt;
import io.notespipeline.schemas.IsoTime;
import io.notespipeline.schemas.TopicCatalog;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code notes import FILE.md}: publishes a Markdown notes document; a newer version of a document
 * publishes only its differences against the talks as they stand (folded from the log) or against
 * {@code --since PREVIOUS.md}. The whole document lands in one atomic batch, or nothing does.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a Markdown notes file; re-importing a newer version publishes only the differences.")
public final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.md", description = "The notes document.")
    Path file;

    @Option(names = "--conference", description = "Conference name when the document has no '#' heading.")
    String conference;

    @Option(names = "--document", paramLabel = "ID", description = "Stable id of the document (default: the slug of its '#' title); an import only diffs against this document's talks.")
    String document;

    @Option(names = "--author", description = "Author of the events (default: importer).")
    String author;

    @Option(names = "--at", paramLabel = "TIMESTAMP", description = "Stamp the events with this time (ISO-8601, e.g. a commit time).")
    String at;

    @Option(names = "--since", paramLabel = "PREVIOUS.md", description = "Diff against this earlier version instead of the live talks (offline).")
    Path since;

    @Option(names = "--lenient", description = "Skip lines that cannot be placed (and report them) instead of refusing the file.")
    boolean lenient;

    @Option(names = "--dry-run", description = "Print what would be published, publish nothing.")
    boolean dryRun;

    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ImportOptions options = ImportOptions.defaults().withLenient(lenient);
        if (conference != null) {
            options = options.withConference(conference);
        }
        if (document != null) {
            options = options.withDocument(document);
        }
        if (author != null) {
            options = options.withAuthor(author);
        }
        if (at != null) {
            options = options.withAt(IsoTime.parse("--at", at));
        }
        MarkdownImporter importer = new MarkdownImporter(options);
        Connection connection = new Connection(client);
        TopicCatalog catalog = connection.catalog();
        ImportPlan plan;
        try {
            DocumentState previous = since != null ? importer.plan(read(since)).state()
                    : DocumentState.fromViews(EventLog.currentViews(connection.endpoints().bootstrap(), catalog.events()));
            plan = importer.plan(previous, read(file));
        } catch (MarkdownImportException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(p -> err.println(file + ": " + p));
            throw new NotesAppException(file + " was not imported (" + e.problems().size()
                    + " problem(s)); nothing was published. --lenient skips such lines.");
        }
        plan.warnings().forEach(w -> spec.commandLine().getErr().println(file + ": skipped: " + w));
        out.println("notes import: " + file.getFileName() + ": " + summary(plan.commands()));
        if (plan.isEmpty() || dryRun) {
            out.println(plan.isEmpty() ? "notes import: nothing changed, nothing published" : "notes import: dry run, nothing published");
            return 0;
        }
        Progress progress = new Progress(spec.commandLine().getErr(), "publishing");
        try (NotePublisher publisher = connection.publisher(catalog)) {
            List<PublishReceipt> receipts = plan.publishWith(publisher, progress::update).get();
            out.println("notes import: published " + receipts.size() + " events atomically; position "
                    + receipts.get(receipts.size() - 1).position());
        } catch (ExecutionException e) {
            throw new NotesAppException("import failed, nothing was published: " + e.getCause().getMessage(), e.getCause());
        }
        return 0;
    }

    static String summary(List<NoteCommand> commands) {
        Map<String, Integer> counts = new TreeMap<>();
        commands.forEach(c -> counts.merge(c.payload().getClass().getSimpleName(), 1, Integer::sum));
        return commands.size() + " events " + counts;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NotesAppException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
