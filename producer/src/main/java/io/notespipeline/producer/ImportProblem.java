package io.notespipeline.producer;

/**
 * A line of a Markdown document the importer could not place.
 *
 * @param line   one-based line number in the document
 * @param reason what is wrong with it
 */
public record ImportProblem(int line, String reason) {

    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
