package io.notespipeline.app.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import io.notespipeline.producer.TalkState;
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
 *
 * <p>{@code notes import --git DIR [--path GLOB]}: every version of every matching file of the repository's
 * history, in commit order, each one atomic batch stamped with its commit's time and author; a file is a
 * document whose id is its path without the extension. Every event of a batch carries the correlation id
 * {@code git:<commit>}: a re-run imports only the versions after the last commit the log holds for that
 * document.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a Markdown notes file (or with --git every version of a repository's notes files); re-importing a newer version publishes only the differences.")
public final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.md", description = "The notes document (not with --git).")
    Path file;

    @Option(names = "--git", paramLabel = "DIR", description = "Import the history of this Git repository: every version of every matching file, in commit order, stamped with the commit's time and author; a re-run imports only new commits.")
    Path git;

    @Option(names = "--path", paramLabel = "GLOB", defaultValue = "**.md", description = "With --git: which files, as a glob on the path in the repository (default: ${DEFAULT-VALUE}).")
    String glob;

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
        if ((git == null) == (file == null)) {
            throw new NotesAppException("give either FILE.md or --git DIR");
        }
        if (git != null) {
            if (since != null || at != null || author != null || document != null) {
                throw new NotesAppException("--git takes each version's time, author and document from the repository:"
                        + " --since, --at, --author and --document do not apply");
            }
            return importHistory();
        }
        PrintWriter out = spec.commandLine().getOut();
        ImportOptions options = ImportOptions.defaults().withLenient(lenient).withDeleteMissing(true);
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

    private int importHistory() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<GitHistory.Version> versions = GitHistory.versions(git, glob);
        Connection connection = new Connection(client);
        TopicCatalog catalog = connection.catalog();
        EventLog.Snapshot snapshot = EventLog.snapshot(connection.endpoints().bootstrap(), catalog.events());
        List<GitHistory.Version> pending = pending(versions, snapshot.markersByDocument());
        out.println("notes import: " + git + ": " + versions.size() + " versions of "
                + versions.stream().map(GitHistory.Version::path).distinct().count() + " files matching " + glob + ", "
                + (versions.size() - pending.size()) + " already imported, " + pending.size() + " to check");
        DocumentState all = DocumentState.fromViews(snapshot.views());
        List<TalkState> talks = new ArrayList<>(all.talks());
        Set<String> retired = new HashSet<>(all.retired());
        Progress progress = new Progress(err, "importing");
        int events = 0;
        int done = 0;
        int batches = 0;
        try (NotePublisher publisher = dryRun ? null : connection.publisher(catalog)) {
            for (GitHistory.Version version : pending) {
                String label = version.path() + " @ " + version.commit().substring(0, 10);
                ImportOptions options = ImportOptions.defaults().withLenient(lenient).withDeleteMissing(true)
                        .withDocument(version.documentId()).withAt(version.at()).withAuthor(version.author())
                        .withCorrelationId(version.marker());
                if (conference != null) {
                    options = options.withConference(conference);
                }
                ImportPlan plan;
                try {
                    plan = new MarkdownImporter(options).plan(new DocumentState(talks, retired), version.text());
                } catch (MarkdownImportException e) {
                    e.problems().forEach(p -> err.println(label + ": " + p));
                    throw new NotesAppException(label + " was not imported (" + e.problems().size() + " problem(s));"
                            + " the " + done + " versions before it were. --lenient skips such lines.");
                }
                plan.warnings().forEach(w -> err.println(label + ": skipped: " + w));
                if (!plan.isEmpty() && publisher != null) {
                    try {
                        plan.publishWith(publisher, null).get();
                    } catch (ExecutionException e) {
                        throw new NotesAppException(label + " failed, nothing of it was published (the " + done
                                + " versions before it were): " + e.getCause().getMessage(), e.getCause());
                    }
                }
                String id = ImportOptions.documentIdOf(version.documentId());
                talks.removeIf(t -> id.equals(t.documentId()));
                talks.addAll(plan.state().talks());
                retired.addAll(plan.state().retired());
                events += plan.commands().size();
                batches += plan.isEmpty() ? 0 : 1;
                done++;
                out.println("notes import: " + label + " (" + version.at() + ", " + version.author() + "): "
                        + summary(plan.commands()));
                progress.update(done, pending.size());
            }
        }
        out.println("notes import: " + (dryRun ? "dry run, would publish " : "published ") + events + " events in "
                + batches + " batches (one per changed file version); " + (done - batches)
                + " versions changed nothing");
        return 0;
    }

    /**
     * @return the versions after the last commit the log already holds for each file's document (a version
     *         that changed nothing, e.g. whitespace only, left no marker: it is checked again and changes nothing)
     */
    static List<GitHistory.Version> pending(List<GitHistory.Version> versions, Map<String, Set<String>> markers) {
        Map<String, Integer> lastImported = new HashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            GitHistory.Version v = versions.get(i);
            String document = ImportOptions.documentIdOf(v.documentId());
            if (markers.getOrDefault(document, Set.of()).contains(v.marker())) {
                lastImported.put(v.path(), i);
            }
        }
        List<GitHistory.Version> out = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            if (i > lastImported.getOrDefault(versions.get(i).path(), -1)) {
                out.add(versions.get(i));
            }
        }
        return out;
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
