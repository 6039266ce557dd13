package io.notespipeline.producer;

import java.util.List;

import io.notespipeline.producer.internal.DocumentDiffer;
import io.notespipeline.producer.internal.MarkdownParser;
import io.notespipeline.producer.internal.ParsedDocument;

/**
 * Turns a notes document in Markdown into the commands that bring the talks as they stand up to date.
 * Pure: no Kafka; publish the plan with {@link NotePublisher#publishBatch}.
 *
 * <p>The document is read as CommonMark and its layout inferred by rules ({@link MarkdownParser}): a title
 * ({@code #} heading or a title line) and intro, kept as a pseudo-talk tagged {@value TalkState#CONFERENCE_TAG};
 * the heading level (or bold lines) that holds the talks, with day or track sections above them kept as
 * {@code group:<title>} tags; per talk its speaker line, link line and notes: nested bullets form the tree,
 * deeper headings hold what follows them, every other block (paragraph, image, code) is a note.
 *
 * <p>The first import of a document creates its talks; a re-import against the previous state only emits
 * what differs ({@code NoteAdded}, {@code NoteEdited}, {@code NoteDeleted}, {@code NoteMoved},
 * {@code TalkUpdated}, {@code TalkDeleted}). Talk and note ids are stable: a matched talk or note keeps its
 * id, a new one gets a deterministic id. Whitespace-only changes are not edits.
 */
public final class MarkdownImporter {

    private final ImportOptions options;

    public MarkdownImporter(ImportOptions options) {
        this.options = options;
    }

    /**
     * @param previous  the talks as they stand ({@link DocumentState#empty()} for a first import)
     * @param markdown  the document
     * @return the commands to publish and the resulting state
     * @throws MarkdownImportException in strict mode, when a line cannot be placed (nothing to publish)
     */
    public ImportPlan plan(DocumentState previous, String markdown) {
        ParsedDocument parsed = MarkdownParser.parse(markdown);
        List<ImportProblem> problems = parsed.problems();
        if (problems.stream().anyMatch(ImportProblem::blocking) && !options.lenient()) {
            throw new MarkdownImportException(problems);
        }
        return DocumentDiffer.diff(previous, parsed, options, problems);
    }

    /** @return the plan of a first import of {@code markdown}. */
    public ImportPlan plan(String markdown) {
        return plan(DocumentState.empty(), markdown);
    }

    public ImportOptions options() {
        return options;
    }
}
