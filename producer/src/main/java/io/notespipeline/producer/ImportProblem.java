package io.notespipeline.producer;

/**
 * A line of a Markdown document the importer could not place.
 *
 * @param line     one-based line number in the document
 * @param reason   what is wrong with it
 * @param blocking true when content would be lost: a strict import fails; false for a line that holds
 *                 nothing to import (an empty list item), skipped and reported in every mode
 */
public record ImportProblem(int line, String reason, boolean blocking) {

    /** A blocking problem. */
    public ImportProblem(int line, String reason) {
        this(line, reason, true);
    }

    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
