package io.notespipeline.producer.internal;

import java.util.ArrayList;
import java.util.List;

import io.notespipeline.schemas.avro.Link;

/**
 * A talk read from Markdown (or the document's own entry: its title and intro), with the titles of the
 * day or track sections it sits under ({@link #groups()}, outermost first).
 */
public final class ParsedTalk {

    final int line;
    final String title;
    final boolean conferenceIntro;
    final List<String> speakers = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    final List<ParsedNote> notes = new ArrayList<>();
    final List<String> groups = new ArrayList<>();
    boolean hasStructure;

    ParsedTalk(int line, String title, boolean conferenceIntro) {
        this.line = line;
        this.title = title;
        this.conferenceIntro = conferenceIntro;
    }

    public String title() {
        return title;
    }

    public List<String> speakers() {
        return speakers;
    }

    public List<Link> links() {
        return links;
    }

    public List<ParsedNote> notes() {
        return notes;
    }

    /** @return the titles of the grouping sections (days, tracks) above the talk, outermost first. */
    public List<String> groups() {
        return groups;
    }

    public boolean conferenceIntro() {
        return conferenceIntro;
    }
}
