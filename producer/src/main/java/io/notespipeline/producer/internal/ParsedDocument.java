package io.notespipeline.producer.internal;

import java.util.List;

import io.notespipeline.producer.ImportProblem;

/**
 * What {@link MarkdownParser} read: the conference intro (title null when the document has no {@code #}
 * heading), the talks in order, and the lines it could not place.
 */
public record ParsedDocument(ParsedTalk conference, List<ParsedTalk> talks, List<ImportProblem> problems) {
}
