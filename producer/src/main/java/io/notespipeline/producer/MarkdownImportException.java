package io.notespipeline.producer;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A Markdown document has lines the importer cannot place (strict mode); nothing is published.
 * The message names every such line with its number.
 */
public class MarkdownImportException extends ProducerException {
    private static final long serialVersionUID = 1L;

    private final transient List<ImportProblem> problems;

    public MarkdownImportException(List<ImportProblem> problems) {
        super("cannot import the document: " + problems.stream().map(ImportProblem::toString)
                .collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** @return the lines that could not be placed, in document order (never empty). */
    public List<ImportProblem> problems() {
        return problems;
    }

    /** @return the line number of the first problem. */
    public int lineNumber() {
        return problems.get(0).line();
    }
}
