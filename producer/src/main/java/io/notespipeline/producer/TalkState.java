package io.notespipeline.producer;

import java.util.List;
import java.util.Objects;

import io.notespipeline.schemas.avro.Link;

/**
 * A talk as it stands (from the views API, or from the previous import), the importer's diff base.
 *
 * @param talkId     the talk's id
 * @param title      its title
 * @param conference its conference, or null
 * @param speakers   speakers in order
 * @param links      links (slides, video)
 * @param tags       tags; the conference's own entry carries {@link #CONFERENCE_TAG}
 * @param notes      top-level notes in order
 */
public record TalkState(String talkId, String title, String conference, List<String> speakers, List<Link> links,
        List<String> tags, List<NoteState> notes) {

    /** Tag of the pseudo-talk that holds a document's {@code #} conference title and intro. */
    public static final String CONFERENCE_TAG = "conference";

    /** Prefix of the tag naming the document a talk was imported from: {@code document:<id>}. */
    public static final String DOCUMENT_TAG_PREFIX = "document:";

    /** Prefix of the tags naming the grouping sections (day, track) a talk sits under: {@code group:<title>}. */
    public static final String GROUP_TAG_PREFIX = "group:";

    /** @return the tag that scopes a talk to document {@code documentId}. */
    public static String documentTag(String documentId) {
        return DOCUMENT_TAG_PREFIX + documentId;
    }

    public TalkState {
        Objects.requireNonNull(talkId, "talkId");
        Objects.requireNonNull(title, "title");
        speakers = List.copyOf(speakers);
        links = List.copyOf(links);
        tags = List.copyOf(tags);
        notes = List.copyOf(notes);
    }

    /** @return true for the pseudo-talk holding the conference title and intro. */
    public boolean isConferenceIntro() {
        return tags.contains(CONFERENCE_TAG);
    }

    /** @return the id of the document this talk was imported from, or null when it carries no document tag. */
    public String documentId() {
        return tags.stream().filter(t -> t.startsWith(DOCUMENT_TAG_PREFIX)).findFirst()
                .map(t -> t.substring(DOCUMENT_TAG_PREFIX.length())).orElse(null);
    }
}
