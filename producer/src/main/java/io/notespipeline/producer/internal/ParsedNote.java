package io.notespipeline.producer.internal;

import java.util.ArrayList;
import java.util.List;

/** A note read from Markdown, before it has an id: its line, text and children. */
public final class ParsedNote {

    final int line;
    String text;
    final List<ParsedNote> children = new ArrayList<>();

    ParsedNote(int line, String text) {
        this.line = line;
        this.text = text;
    }

    public String text() {
        return text;
    }

    public List<ParsedNote> children() {
        return children;
    }
}
