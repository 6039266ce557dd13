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
import java.util.UUID;
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
import io.notespipeline.producer.OutcomeUnknownException;
import io.notespipeline.producer.PublishReceipt;
import io.notespipeline.producer.ProducerException;
import io.notespipeline.producer.PublisherUnavailableException;
import io.notespipeline.producer.ValidationException;
import io.notespipeline.producer.TalkChanges;
import io.notespipeline.producer.TalkState;
import io.notespipeline.schemas.IsoTime;
import io.notespipeline.schemas.TopicCatalog;
import io.notespipeline.schemas.contract.Violation;

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

    @Option(names = "--retry-for", paramLabel = "SECONDS", defaultValue = "${env:NOTES_IMPORT_RETRY_FOR:-30}",
            description = "How long a batch refused because Kafka is unavailable (nothing of it written) is sent again,"
                    + " with backoff, before the import gives up (env NOTES_IMPORT_RETRY_FOR; default: ${DEFAULT-VALUE};"
                    + " 0: no retry).")
    int retryForSeconds;

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
        MarkdownImporter importer = new MarkdownImporter(options.withCorrelationId("import:" + UUID.randomUUID()));
        Connection connection = new Connection(client);
        TopicCatalog catalog = connection.catalog();
        ImportPlan plan;
        Map<String, Long> revisions = Map.of();
        try {
            DocumentState previous;
            if (since != null) {
                previous = importer.plan(read(since)).state();
            } else {
                EventLog.Snapshot snapshot = EventLog.snapshot(connection.endpoints().bootstrap(), catalog.events());
                previous = DocumentState.fromViews(snapshot.views(), snapshot.imported());
                revisions = snapshot.revisions();
            }
            plan = importer.plan(previous, read(file));
        } catch (MarkdownImportException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(p -> err.println(file + ": " + p));
            throw new NotesAppException(file + " was not imported (" + e.problems().size()
                    + " problem(s)); nothing was published. --lenient skips such lines.");
        }
        plan.warnings().forEach(w -> spec.commandLine().getErr().println(file + ": skipped: " + w));
        out.println("notes import: " + file.getFileName() + ": " + summary(plan.commands()));
        conflicts(plan, revisions).forEach(out::println);
        if (plan.isEmpty() || dryRun) {
            out.println(plan.isEmpty() ? "notes import: nothing changed, nothing published" : "notes import: dry run, nothing published");
            return 0;
        }
        Progress progress = new Progress(spec.commandLine().getErr(), "publishing");
        try (NotePublisher publisher = connection.publisher(catalog)) {
            List<PublishReceipt> receipts = publish(plan, publisher, progress, "import", "");
            out.println("notes import: published " + receipts.size() + " events atomically; position "
                    + receipts.get(receipts.size() - 1).position());
        }
        return 0;
    }

    /**
     * Publishes one atomic batch. A batch refused because Kafka is unavailable is certain not to have been written,
     * so it is sent again (the same events) with backoff for up to {@code --retry-for}; any other failure ends the
     * import with what is known of the batch: nothing of it written (invalid, refused), or an outcome unknown (a
     * commit without answer) that a re-run settles, since an import publishes only what the log lacks.
     *
     * @param what    the batch as the messages name it ("import", or a file version)
     * @param already what was published before this batch, for the messages ("" when nothing)
     */
    private List<PublishReceipt> publish(ImportPlan plan, NotePublisher publisher, Progress progress, String what,
                                         String already) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Math.max(0, retryForSeconds));
        long backoffMs = 500;
        while (true) {
            Throwable cause;
            try {
                return plan.publishWith(publisher, progress == null ? null : progress::update).get();
            } catch (ExecutionException e) {
                cause = e.getCause();
            } catch (ProducerException e) { // refused before anything was sent (e.g. the schema is not registered)
                cause = e;
            }
            if (cause instanceof OutcomeUnknownException) {
                throw new NotesAppException(what + ": the outcome is unknown, the events may have been written"
                        + already + ": " + cause.getMessage() + ". Run the same command again: an import publishes"
                        + " only what the log does not hold yet (without --since).", cause);
            }
            if (cause instanceof PublisherUnavailableException
                    && System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(backoffMs) < deadline) {
                err.println("notes import: " + what + ": Kafka is unavailable, nothing of it was written ("
                        + cause.getMessage() + "); sending it again in " + backoffMs + " ms");
                if (Signals.awaitTerminating(backoffMs)) { // the backoff, cut short when the command is stopped
                    throw new NotesAppException(what + " stopped while Kafka was unavailable, nothing of it was published"
                            + already, cause);
                }
                backoffMs = Math.min(backoffMs * 2, 5_000);
                continue;
            }
            throw new NotesAppException(what + " failed, nothing of it was published" + already + ": "
                    + (cause instanceof ValidationException v ? summary(v) : cause.getMessage()), cause);
        }
    }

    /** @return the violations of a refused batch, each distinct reason once with how many events it concerns */
    private static String summary(ValidationException e) {
        Map<String, List<Integer>> byReason = new java.util.LinkedHashMap<>();
        for (Violation v : e.violations()) {
            byReason.computeIfAbsent(v.field() + ": " + v.reason() + " (" + v.rule() + ")", k -> new ArrayList<>())
                    .add(v.index());
        }
        StringBuilder text = new StringBuilder(e.violations().size() + " violation(s)");
        byReason.forEach((reason, events) -> text.append("; ").append(events.size() == 1 ? "event " + events.get(0)
                : events.size() + " events (" + events.get(0) + "…" + events.get(events.size() - 1) + ")")
                .append(": ").append(reason));
        return text.toString();
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
        DocumentState all = DocumentState.fromViews(snapshot.views(), snapshot.imported());
        Map<String, Long> revisions = snapshot.revisions();
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
                conflicts(plan, revisions).forEach(c -> out.println(c.replace("notes import: ", "notes import: " + label + ": ")));
                if (!plan.isEmpty() && publisher != null) {
                    publish(plan, publisher, null, label, " (the " + done + " versions before it were)");
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

    /**
     * @return a line per talk edited since the last import (its revision is past the one the import expects):
     *         the import's events for it carry that expectedRevision and will be refused, nothing is overwritten
     */
    static List<String> conflicts(ImportPlan plan, Map<String, Long> revisions) {
        List<String> out = new ArrayList<>();
        for (TalkChanges talk : plan.talks()) {
            if (talk.commands().isEmpty() || talk.commands().get(0).expectedRevision() == null) {
                continue;
            }
            long expected = talk.commands().get(0).expectedRevision();
            Long now = revisions.get(talk.talkId());
            if (now != null && now != expected) {
                out.add("notes import: conflict: " + talk.talkId() + " was edited since the last import (revision "
                        + now + ", the import left " + expected + "): its " + talk.commands().size()
                        + " changes expect revision " + expected + " and will be refused, the edit stands; the next"
                        + " import takes the file's version (put the edit into the file first to keep it)");
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
