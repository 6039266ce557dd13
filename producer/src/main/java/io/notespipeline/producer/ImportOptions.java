package io.notespipeline.producer;

import java.time.Instant;
import java.util.function.Consumer;

import io.notespipeline.producer.internal.Ids;

/**
 * How {@link MarkdownImporter} reads a document and stamps its commands.
 *
 * @param conference    conference name for new talks (and their id prefix); null takes the document's
 *                      {@code #} title, if any
 * @param author        author of every command
 * @param at            occurredAt of every command (e.g. the file's commit time), or null for publish time
 * @param correlationId correlation id of every command, or null to let the publisher generate one per batch
 * @param lenient       skip lines that cannot be placed (reported as warnings) instead of failing
 * @param document      the document's stable id (scope of the diff, prefix of its talk ids); null takes the id
 *                      the previous state's talks carry, else the slug of the {@code #} title
 * @param deleteMissing talks of the previous state missing from the document are deleted ({@code TalkDeleted});
 *                      off by default, so a state holding other documents' talks (e.g. every talk view) is safe
 */
public record ImportOptions(String conference, String author, Instant at, String correlationId, boolean lenient,
        boolean deleteMissing, String document) {

    /** Author of imported changes when none is given. */
    public static final String DEFAULT_AUTHOR = "importer";

    public ImportOptions {
        author = author == null || author.isBlank() ? DEFAULT_AUTHOR : author;
    }

    /** @return strict options: no conference override, author {@value #DEFAULT_AUTHOR}, publish time, no deletes of missing talks. */
    public static ImportOptions defaults() {
        return new ImportOptions(null, DEFAULT_AUTHOR, null, null, false, false, null);
    }

    /** @return the document id that {@code --document NAME} gives (its slug: {@code notes/pycon} → {@code notes-pycon}). */
    public static String documentIdOf(String name) {
        return Ids.slug(name);
    }

    public ImportOptions withConference(String name) {
        return with(c -> c.conference = name);
    }

    public ImportOptions withAuthor(String name) {
        return with(c -> c.author = name);
    }

    public ImportOptions withAt(Instant time) {
        return with(c -> c.at = time);
    }

    public ImportOptions withCorrelationId(String id) {
        return with(c -> c.correlationId = id);
    }

    public ImportOptions withLenient(boolean skipBadLines) {
        return with(c -> c.lenient = skipBadLines);
    }

    public ImportOptions withDeleteMissing(boolean delete) {
        return with(c -> c.deleteMissing = delete);
    }

    public ImportOptions withDocument(String id) {
        return with(c -> c.document = id);
    }

    /** @return a copy with one change: each {@code with*} names only the field it sets. */
    private ImportOptions with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return new ImportOptions(copy.conference, copy.author, copy.at, copy.correlationId, copy.lenient,
                copy.deleteMissing, copy.document);
    }

    /** The fields of a copy being changed. */
    private static final class Copy {
        String conference;
        String author;
        Instant at;
        String correlationId;
        boolean lenient;
        boolean deleteMissing;
        String document;

        Copy(ImportOptions o) {
            conference = o.conference;
            author = o.author;
            at = o.at;
            correlationId = o.correlationId;
            lenient = o.lenient;
            deleteMissing = o.deleteMissing;
            document = o.document;
        }
    }
}
