package io.notespipeline.producer;

import java.util.List;
import java.util.Objects;

/**
 * A note of a talk as it stands, with its children in order.
 *
 * @param noteId   the note's stable id within the talk
 * @param text     its Markdown text
 * @param children child notes in order
 */
public record NoteState(String noteId, String text, List<NoteState> children) {

    public NoteState {
        Objects.requireNonNull(noteId, "noteId");
        Objects.requireNonNull(text, "text");
        children = List.copyOf(children);
    }
}
