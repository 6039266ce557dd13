package io.notespipeline.producer.internal;

import java.util.ArrayList;
import java.util.List;

import io.notespipeline.schemas.avro.Link;

/** A {@code ##} section read from Markdown (or the {@code #} conference intro). */
public final class ParsedTalk {

    final int line;
    final String title;
    final boolean conferenceIntro;
    final List<String> speakers = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    final List<ParsedNote> notes = new ArrayList<>();
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

    public boolean conferenceIntro() {
        return conferenceIntro;
    }
}
