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
}
