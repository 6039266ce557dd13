package io.notespipeline.producer;

import java.util.List;

import io.notespipeline.producer.internal.DocumentDiffer;
import io.notespipeline.producer.internal.MarkdownParser;
import io.notespipeline.producer.internal.ParsedDocument;

/**
 * Turns a notes document in Markdown into the commands that bring the talks as they stand up to date.
 * Pure: no Kafka; publish the plan with {@link NotePublisher#publishBatch}.
 *
 * <p>The document: a {@code #} conference title and intro (kept as a pseudo-talk tagged
 * {@value TalkState#CONFERENCE_TAG}), then one {@code ##} section per talk with its speaker line
 * ({@code "A, B"}), its link line ({@code [Slide deck](url), [Video](url)}) and its notes: nested bullets
 * (tabs or spaces) form the tree, {@code ###}+ sub-headings hold what follows them, every other line
 * (paragraph, image) is a note.
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
        if (!problems.isEmpty() && !options.lenient()) {
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
